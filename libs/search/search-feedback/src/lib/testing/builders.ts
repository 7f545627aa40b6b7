import type { SessionEvent, SessionWithEvents } from '@embedding-studio/clickstream-core';

let counter = 0;

/**
 * A logged search session showing `shown` (best first) for `query`, with clicks on the ids in
 * `clicked`. Every field the clickstream store fills is filled.
 */
export function aLoggedSession(query: string, shown: readonly string[], clicked: readonly string[] = [], overrides: Partial<SessionWithEvents> = {}): SessionWithEvents {
  const session_id = overrides.session_id ?? `fb-session-${++counter}`;
  const events = clicked.map(
    (object_id, i): SessionEvent => ({ event_id: `${session_id}-e${i + 1}`, session_id, object_id, event_type: 'click', created_at: 1_700_000_010, meta: null }),
  );
  return {
    session_id,
    search_query: query,
    created_at: 1_700_000_000,
    search_results: shown.map((object_id, i) => ({ object_id, rank: i + 1, meta: null })),
    search_meta: null,
    user_id: null,
    is_irrelevant: false,
    batch_id: 'batch-1',
    session_number: counter,
    events,
    ...overrides,
  };
}

/** Hits `ids` with engine scores falling by `step` from `top`, ranks 1..n. */
export function someHits(ids: readonly string[], top = 0.9, step = 0.01): Array<{ id: string; score: number; rank: number }> {
  return ids.map((id, i) => ({ id, score: Number((top - i * step).toFixed(6)), rank: i + 1 }));
}
