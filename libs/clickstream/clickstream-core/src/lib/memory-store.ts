import { epochSeconds, systemClock, type Clock } from '@embedding-studio/primitives';
import type { RegisteredSession, SearchResultItem, Session, SessionBatch, SessionEvent, SessionWithEvents } from './model.js';
import type { AddEventsResult, BatchSummary, ClickstreamStore, ReadSessionsOptions, RegisterResult } from './store.js';

/**
 * An in-process {@link ClickstreamStore}: for tests, demos and single-process embedding. It keeps
 * the same guarantees as the MongoDB store (JavaScript runs each call's synchronous part alone).
 */
export function createMemoryClickstreamStore(options: { clock?: Clock } = {}): ClickstreamStore {
  const clock = options.clock ?? systemClock;
  const now = (): number => epochSeconds(clock);
  const sessions = new Map<string, RegisteredSession & { clicked: boolean }>();
  const events = new Map<string, SessionEvent[]>();
  const batches: SessionBatch[] = [];
  const releases = new Map<string, string>();
  let seq = 0;

  const collecting = (): SessionBatch | undefined => batches.find((b) => b.status === 'collecting');
  const clone = <T>(v: T): T => structuredClone(v);
  const publicSession = (s: RegisteredSession & { clicked: boolean }): RegisteredSession => {
    const { clicked: _clicked, ...rest } = s;
    return clone(rest);
  };
  const eventsOf = (id: string, limit: number): SessionEvent[] =>
    clone((events.get(id) ?? []).slice().sort((a, b) => a.created_at - b.created_at || a.event_id.localeCompare(b.event_id)).slice(0, limit));

  return {
    async registerSession(session: Session): Promise<RegisterResult> {
      const existing = sessions.get(session.session_id);
      if (existing) return { session: publicSession(existing), created: false };
      let batch = collecting();
      if (!batch) {
        seq += 1;
        batch = { batch_id: `batch-${String(seq).padStart(6, '0')}`, status: 'collecting', session_counter: 0, created_at: now(), release_id: null, released_at: null };
        batches.push(batch);
      }
      batch.session_counter += 1;
      const stored = { ...clone(session), batch_id: batch.batch_id, session_number: batch.session_counter, clicked: false };
      sessions.set(session.session_id, stored);
      return { session: publicSession(stored), created: true };
    },

    async getSession(sessionId, { eventsLimit }): Promise<SessionWithEvents | null> {
      const s = sessions.get(sessionId);
      return s ? { ...publicSession(s), events: eventsOf(sessionId, eventsLimit) } : null;
    },

    async appendResults(sessionId, compute: (now: SearchResultItem[]) => SearchResultItem[]) {
      const s = sessions.get(sessionId);
      if (!s) return null;
      s.search_results.push(...clone(compute(clone(s.search_results))));
      return publicSession(s);
    },

    async addEvents(list: SessionEvent[]): Promise<AddEventsResult> {
      let inserted = 0;
      let duplicates = 0;
      for (const e of list) {
        const bucket = events.get(e.session_id) ?? [];
        if (bucket.some((x) => x.event_id === e.event_id)) {
          duplicates += 1;
          continue;
        }
        bucket.push(clone(e));
        events.set(e.session_id, bucket);
        inserted += 1;
        const s = sessions.get(e.session_id);
        if (s && e.event_type === 'click') s.clicked = true;
      }
      return { inserted, duplicates };
    },

    async markIrrelevant(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) return false;
      s.is_irrelevant = true;
      return true;
    },

    async releaseBatch(releaseId, nowSeconds) {
      const prior = releases.get(releaseId);
      if (prior !== undefined) return clone(batches.find((b) => b.batch_id === prior) ?? null);
      const batch = collecting();
      if (!batch) return null;
      batch.status = 'released';
      batch.release_id = releaseId;
      batch.released_at = nowSeconds;
      releases.set(releaseId, batch.batch_id);
      return clone(batch);
    },

    async getBatch(batchId): Promise<BatchSummary | null> {
      const batch = batchId === null ? collecting() : batches.find((b) => b.batch_id === batchId);
      if (!batch) return null;
      const members = [...sessions.values()].filter((s) => s.batch_id === batch.batch_id);
      const withClicks = members.filter((s) => s.clicked).length;
      return { ...clone(batch), session_count: members.length, sessions_with_clicks: withClicks, sessions_without_clicks: members.length - withClicks };
    },

    async readBatchSessions(batchId, { afterNumber, limit, eventsLimit }: ReadSessionsOptions) {
      return [...sessions.values()]
        .filter((s) => s.batch_id === batchId && s.session_number > afterNumber)
        .sort((a, b) => a.session_number - b.session_number)
        .slice(0, limit)
        .map((s) => ({ ...publicSession(s), events: eventsOf(s.session_id, eventsLimit) }));
    },
  };
}
