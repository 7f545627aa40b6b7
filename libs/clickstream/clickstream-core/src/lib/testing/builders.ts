import type { JsonObject } from '@embedding-studio/primitives';
import type { SearchResultItem, Session, SessionEvent, SessionWithEvents } from '../model.js';

let counter = 0;
const next = (prefix: string): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
let storedCounter = 0;

/** A shown result: a fresh object id unless given, rank 1, meta null. */
export function aResult(objectId: string = next('obj'), rank = 1, meta: JsonObject | null = null): SearchResultItem {
  return { object_id: objectId, rank, meta };
}

/** A valid session with three ranked results, as the store receives it. */
export function aSession(overrides: Partial<Session> = {}): Session {
  return {
    session_id: next('session'),
    search_query: 'red running shoes',
    created_at: 1_700_000_000,
    search_results: [1, 2, 3].map((rank) => aResult(undefined, rank)),
    search_meta: null,
    user_id: null,
    is_irrelevant: false,
    ...overrides,
  };
}

/** A click (or another event type via `overrides.event_type`) on `objectId` in `sessionId`. */
export function aClick(sessionId: string, objectId: string, overrides: Partial<SessionEvent> = {}): SessionEvent {
  return { event_id: next('event'), session_id: sessionId, object_id: objectId, event_type: 'click', created_at: 1_700_000_010, meta: null, ...overrides };
}

export interface SessionSpec {
  /** Session id. @defaultValue `s<n>` (a counter) */
  id?: string;
  /** @defaultValue 'red running shoes' */
  query?: string;
  /** Object ids (ranked 1, 2, … in order) or full result items. @defaultValue ['d1', 'd2', 'd3'] */
  results?: ReadonlyArray<string | SearchResultItem>;
  /** Object ids clicked, one click event each. @defaultValue [] */
  clicks?: readonly string[];
  /** Extra events (other types, clicks on unknown objects…). @defaultValue [] */
  events?: readonly SessionEvent[];
  /** The client's `is_irrelevant` flag. @defaultValue false */
  irrelevant?: boolean;
}

/**
 * A released session as the store reads it back, for tests of what consumes sessions:
 * `aSessionWithEvents({ query: 'q', results: ['a', 'b', 'c'], clicks: ['b'] })`.
 */
export function aSessionWithEvents(spec: SessionSpec = {}): SessionWithEvents {
  const sessionNumber = ++storedCounter;
  const id = spec.id ?? `s${sessionNumber}`;
  const results = (spec.results ?? ['d1', 'd2', 'd3']).map((r, i) => (typeof r === 'string' ? aResult(r, i + 1) : r));
  return {
    ...aSession({ session_id: id, search_query: spec.query ?? 'red running shoes', search_results: results, is_irrelevant: spec.irrelevant ?? false }),
    batch_id: 'batch-1',
    session_number: sessionNumber,
    events: [...(spec.clicks ?? []).map((o) => aClick(id, o)), ...(spec.events ?? [])],
  };
}
