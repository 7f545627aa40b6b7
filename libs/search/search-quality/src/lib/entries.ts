// What the API logs after each durable session write, and how the fold merges it into the state
// of the session's hour. Merging is idempotent (events by id, flags by OR, the longest result
// list), so an entry applied twice, or entries applied in any order, give the same state.
import type { SearchRecord } from './metrics.js';

/** The session as the writer saw it, after its write. */
export interface SessionSnapshot {
  session_id: string;
  collection: string;
  version: number | null;
  /** Search time, epoch seconds. */
  created_at: number;
  latency_ms: number | null;
  /** Object ids shown so far, in order (first page, then appended pages). */
  shown: string[];
  irrelevant: boolean;
}

/** One write: the session, plus what the write added. */
export interface QualityEntry {
  session: SessionSnapshot;
  clicks?: { event_id: string; object_id: string; created_at: number }[];
  /** The write appended a page ("load more"). */
  load_more?: boolean;
}

/** The hour a snapshot belongs to (its search time), epoch seconds. */
export function entryHour(entry: QualityEntry): number {
  return Math.floor(entry.session.created_at / 3600) * 3600;
}

/** `record` (or a new one) with `entry` merged in; `record` is not changed. */
export function mergeEntry(record: SearchRecord | undefined, entry: QualityEntry): SearchRecord {
  const s = entry.session;
  const base: SearchRecord = record ?? { session_id: s.session_id, version: s.version, created_at: s.created_at, latency_ms: s.latency_ms, shown: [], clicks: [], load_more: false, irrelevant: false };
  const clicks = [...base.clicks];
  for (const c of entry.clicks ?? []) if (!clicks.some((k) => k.event_id === c.event_id)) clicks.push({ ...c });
  return {
    ...base,
    latency_ms: base.latency_ms ?? s.latency_ms,
    // Result lists only grow, so the longest one seen is the newest.
    shown: s.shown.length > base.shown.length ? [...s.shown] : base.shown,
    clicks,
    load_more: base.load_more || entry.load_more === true,
    irrelevant: base.irrelevant || s.irrelevant,
  };
}

/** What a clickstream session looks like to {@link snapshotOf}. */
export interface SessionLike {
  session_id: string;
  created_at: number;
  search_results: readonly { object_id: string }[];
  search_meta: Readonly<Record<string, unknown>> | null;
  is_irrelevant: boolean;
}

/**
 * The snapshot of a clickstream session, or null when the session names no collection (sessions
 * posted by 0.0.1 clients without `search_meta.collection` belong to no collection's metrics).
 */
export function snapshotOf(session: SessionLike): SessionSnapshot | null {
  const meta = session.search_meta ?? {};
  const collection = meta['collection'];
  if (typeof collection !== 'string' || collection === '') return null;
  const version = meta['profile_version'];
  const latency = meta['latency_ms'];
  return {
    session_id: session.session_id,
    collection,
    version: typeof version === 'number' ? version : null,
    created_at: session.created_at,
    latency_ms: typeof latency === 'number' ? latency : null,
    shown: session.search_results.map((r) => r.object_id),
    irrelevant: session.is_irrelevant,
  };
}
