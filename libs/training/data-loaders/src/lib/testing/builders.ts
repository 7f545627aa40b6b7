import type { JsonObject, SearchResultItem, SessionEvent, SessionWithEvents } from '@embedding-studio/clickstream-core';

let sessionCounter = 0;
let eventCounter = 0;

/** A shown result: rank defaults to 1, meta to null. */
export function aResult(objectId: string, rank = 1, meta: JsonObject | null = null): SearchResultItem {
  return { object_id: objectId, rank, meta };
}

/** A click (or another event type via `overrides.event_type`) on `objectId` in `sessionId`. */
export function aClick(sessionId: string, objectId: string, overrides: Partial<SessionEvent> = {}): SessionEvent {
  return { event_id: `e${++eventCounter}`, session_id: sessionId, object_id: objectId, event_type: 'click', created_at: 1_700_000_010, meta: null, ...overrides };
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
 * A `SessionWithEvents` as the clickstream store returns it:
 * `aSession({ query: 'q', results: ['a', 'b', 'c'], clicks: ['b'] })`.
 */
export function aSession(spec: SessionSpec = {}): SessionWithEvents {
  const id = spec.id ?? `s${++sessionCounter}`;
  const results = (spec.results ?? ['d1', 'd2', 'd3']).map((r, i) => (typeof r === 'string' ? aResult(r, i + 1) : r));
  return {
    session_id: id,
    search_query: spec.query ?? 'red running shoes',
    created_at: 1_700_000_000,
    search_results: results,
    search_meta: null,
    user_id: null,
    is_irrelevant: spec.irrelevant ?? false,
    batch_id: 'batch-1',
    session_number: sessionCounter,
    events: [...(spec.clicks ?? []).map((o) => aClick(id, o)), ...(spec.events ?? [])],
  };
}
