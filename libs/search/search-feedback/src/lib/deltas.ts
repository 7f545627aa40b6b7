import type { Session, SessionEvent, SessionWithEvents } from '@embedding-studio/clickstream-core';
import { queryKey } from './query-key.js';
import type { DocDelta, FeedbackDelta } from './store.js';

/** The query vector of the search a session logged, when the caller knows it. */
export interface DeltaOptions {
  readonly vector?: readonly number[] | Float32Array;
}

const one = (position: number): Record<string, number> => ({ [String(position)]: 1 });

function base(collection: string, session: Session, id: string, sessions: number, docs: DocDelta[], options: DeltaOptions): FeedbackDelta {
  return {
    id,
    collection,
    key: queryKey(session.search_query),
    text: session.search_query,
    ...(options.vector ? { vector: options.vector } : {}),
    sessions,
    docs,
  };
}

/**
 * Impressions of a session's results from 0-based position `from` on (a session's first page,
 * or a page appended later). Positions are places in `search_results`, not the client's `rank`
 * field, which may hold a score. Counts the session once (when `from` is 0).
 */
export function impressionsDelta(collection: string, session: Session, from = 0, options: DeltaOptions = {}): FeedbackDelta {
  const docs = session.search_results.slice(from).map((r, i): DocDelta => ({ id: r.object_id, impressions: one(from + i) }));
  return base(collection, session, `s:${session.session_id}:${from}-${session.search_results.length}`, from === 0 ? 1 : 0, docs, options);
}

/**
 * A click. Only `click` events count, each result at most once per session (the delta id is
 * the session and the object), and only results the session showed. Answers null otherwise.
 */
export function clickDelta(collection: string, session: Session, event: SessionEvent, options: DeltaOptions = {}): FeedbackDelta | null {
  if (event.event_type !== 'click' || event.session_id !== session.session_id) return null;
  const position = session.search_results.findIndex((r) => r.object_id === event.object_id);
  if (position < 0) return null;
  return base(collection, session, `c:${session.session_id}:${event.object_id}`, 0, [{ id: event.object_id, clicks: one(position) }], options);
}

/**
 * The session was marked irrelevant: each shown result's impression becomes an irrelevant mark
 * (examined for certain, not relevant), which demotes it under this query.
 */
export function irrelevantDelta(collection: string, session: Session, options: DeltaOptions = {}): FeedbackDelta {
  const docs = session.search_results.map((r, i): DocDelta => ({ id: r.object_id, impressions: { [String(i)]: -1 }, irrelevant: 1 }));
  return base(collection, session, `i:${session.session_id}`, 0, docs, options);
}

/**
 * Every delta of a whole session (replaying a logged batch): its impressions, its clicks and its
 * irrelevant flag. Feed a session either through this or through the incremental functions
 * above, not both: the impressions of appended pages have other ids.
 */
export function sessionDeltas(collection: string, session: SessionWithEvents, options: DeltaOptions = {}): FeedbackDelta[] {
  const out: FeedbackDelta[] = [impressionsDelta(collection, session, 0, options)];
  for (const e of session.events) {
    const d = clickDelta(collection, session, e);
    if (d) out.push(d);
  }
  if (session.is_irrelevant) out.push(irrelevantDelta(collection, session));
  return out;
}
