import type { SearchResultItem, Session, SessionEvent } from '../model.js';

let counter = 0;
const next = (prefix: string): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** A result item; `rank` defaults to 1. */
export function aResult(overrides: Partial<SearchResultItem> = {}): SearchResultItem {
  return { object_id: next('obj'), rank: 1, meta: null, ...overrides };
}

/** A valid session with three ranked results, as the store receives it. */
export function aSession(overrides: Partial<Session> = {}): Session {
  return {
    session_id: next('session'),
    search_query: 'red running shoes',
    created_at: 1_700_000_000,
    search_results: [1, 2, 3].map((rank) => aResult({ rank })),
    search_meta: null,
    user_id: null,
    is_irrelevant: false,
    ...overrides,
  };
}

/** A click on `objectId` in `sessionId`. */
export function aClick(sessionId: string, objectId: string, overrides: Partial<SessionEvent> = {}): SessionEvent {
  return { event_id: next('event'), session_id: sessionId, object_id: objectId, event_type: 'click', created_at: 1_700_000_010, meta: null, ...overrides };
}
