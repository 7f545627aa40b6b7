/**
 * The clickstream data model. Field names are the public JSON contract of the HTTP API
 * (snake_case, compatible with EmbeddingStudio 0.0.1 clients). Times are UTC epoch seconds.
 */

import type { JsonObject } from '@embedding-studio/primitives';

/** One shown search result. */
export interface SearchResultItem {
  /** Id of the item in the user's catalogue. Unique within a session. */
  object_id: string;
  /** Position or score the client showed it at; when absent the 0-based position is used. */
  rank: number;
  /** Client metadata for the item (for example its text, title, or a storage location). */
  meta: JsonObject | null;
}

/** A search session as registered by a client: one query and what was shown. */
export interface Session {
  session_id: string;
  search_query: string;
  created_at: number;
  search_results: SearchResultItem[];
  search_meta: JsonObject | null;
  user_id: string | null;
  /** The user (or client) said that nothing shown was relevant. */
  is_irrelevant: boolean;
}

/** A session that has been placed in a batch. */
export interface RegisteredSession extends Session {
  batch_id: string;
  /** 1-based position of the session inside its batch: unique, increasing; a number may be skipped. */
  session_number: number;
}

/** A user interaction with one shown result. */
export interface SessionEvent {
  /** Unique within its session; re-sending the same id is a no-op. */
  event_id: string;
  session_id: string;
  object_id: string;
  /** `click` by default; other types are stored and ignored by click-based training. */
  event_type: string;
  created_at: number;
  meta: JsonObject | null;
}

export interface SessionWithEvents extends RegisteredSession {
  events: SessionEvent[];
}

export type BatchStatus = 'collecting' | 'released';

/** A batch groups the sessions collected between two releases. */
export interface SessionBatch {
  batch_id: string;
  status: BatchStatus;
  /** Sessions placed in the batch so far (the last session number handed out). */
  session_counter: number;
  created_at: number;
  release_id: string | null;
  released_at: number | null;
}
