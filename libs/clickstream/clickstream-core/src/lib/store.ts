import type { RegisteredSession, SearchResultItem, Session, SessionBatch, SessionEvent, SessionWithEvents } from './model.js';

/** Counts describing one batch. */
export interface BatchSummary extends SessionBatch {
  session_count: number;
  sessions_with_clicks: number;
  sessions_without_clicks: number;
}

export interface RegisterResult {
  session: RegisteredSession;
  /** False when a session with this id already existed (nothing was written). */
  created: boolean;
}

export interface AddEventsResult {
  inserted: number;
  /** Events whose `(session_id, event_id)` was already stored: ignored. */
  duplicates: number;
}

export interface GetSessionOptions {
  /** Events to attach, oldest first. */
  eventsLimit: number;
  /**
   * Allows a copy this process read or wrote earlier instead of a database read. Such a copy can
   * lack result pages another process appended since (results only ever grow; every other field
   * but `is_irrelevant` never changes), so use it only where a missing result triggers a fresh read.
   * @defaultValue false
   */
  cached?: boolean;
}

export interface ReadSessionsOptions {
  /** Sessions with `session_number > afterNumber`. */
  afterNumber: number;
  limit: number;
  /** Events per session, oldest first. */
  eventsLimit: number;
}

/**
 * Persistence port of the clickstream. Implementations must guarantee, under concurrent calls:
 * at most one collecting batch; session numbers increasing and never repeated inside a batch (a
 * number may be skipped; a released batch never gains a session after its release returned);
 * every session in exactly one batch; releases idempotent by `releaseId`; `(session_id,
 * event_id)` unique. Every resolved write is durable (acknowledged by the store).
 */
export interface ClickstreamStore {
  /** Stores a new session in the collecting batch (opening one if needed), or returns the existing one. */
  registerSession(session: Session): Promise<RegisterResult>;
  getSession(sessionId: string, options: GetSessionOptions): Promise<SessionWithEvents | null>;
  /** Appends results not yet in the session (by object_id); returns the session afterwards, or null if unknown. */
  appendResults(sessionId: string, results: (now: SearchResultItem[]) => SearchResultItem[]): Promise<RegisteredSession | null>;
  addEvents(events: SessionEvent[]): Promise<AddEventsResult>;
  /** Returns false when the session does not exist. */
  markIrrelevant(sessionId: string): Promise<boolean>;
  /** Releases the collecting batch under `releaseId`; repeats return the same batch; null when nothing to release. */
  releaseBatch(releaseId: string, nowSeconds: number): Promise<SessionBatch | null>;
  /** A batch by id, or the collecting batch when `batchId` is null. */
  getBatch(batchId: string | null): Promise<BatchSummary | null>;
  readBatchSessions(batchId: string, options: ReadSessionsOptions): Promise<SessionWithEvents[]>;
}
