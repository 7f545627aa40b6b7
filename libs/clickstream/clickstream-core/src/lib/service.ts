import {
  ClickstreamBatchNotFoundError,
  ClickstreamInvalidTimestampError,
  ClickstreamLimitExceededError,
  ClickstreamNothingToReleaseError,
  ClickstreamSessionConflictError,
  ClickstreamSessionNotFoundError,
  ClickstreamUnknownObjectError,
} from '../errors.js';
import { type Clock, systemClock } from './clock.js';
import { type ClickstreamLimits, DEFAULT_CLICKSTREAM_LIMITS } from './limits.js';
import type { RegisteredSession, SearchResultItem, Session, SessionEvent, SessionWithEvents } from './model.js';
import {
  parseAppendResults,
  parseBatchQuery,
  parseBatchSessionsQuery,
  parseNewEvents,
  parseNewSession,
  parseRelease,
  parseSessionQuery,
  parseSessionRef,
  type ResultInput,
} from './parse.js';
import type { AddEventsResult, BatchSummary, ClickstreamStore } from './store.js';

export interface ClickstreamServiceOptions {
  store: ClickstreamStore;
  /** @defaultValue DEFAULT_CLICKSTREAM_LIMITS */
  limits?: Partial<ClickstreamLimits>;
  /** @defaultValue systemClock */
  clock?: Clock;
}

/** A session as the HTTP API shows it (batch fields hidden). */
export type SessionView = Omit<SessionWithEvents, 'batch_id' | 'session_number'>;

export interface BatchSessionsPage {
  batch_id: string;
  last_number: number | null;
  sessions: (SessionView & { session_number: number })[];
}

export interface ReleaseView {
  release_id: string;
  batch_id: string;
  released_at: number;
}

/**
 * The clickstream use cases. Every method takes untrusted input (a JSON body or query), validates
 * it, and throws coded errors (`CLICKSTREAM_*`) that the app maps to HTTP statuses.
 */
export interface ClickstreamService {
  readonly limits: Readonly<ClickstreamLimits>;
  registerSession(body: unknown): Promise<{ created: boolean; session: RegisteredSession }>;
  getSession(query: Record<string, unknown>): Promise<SessionView>;
  appendResults(body: unknown): Promise<{ added: number; total: number }>;
  addEvents(body: unknown): Promise<AddEventsResult>;
  markIrrelevant(body: unknown): Promise<void>;
  releaseBatch(body: unknown): Promise<ReleaseView>;
  getBatch(query: Record<string, unknown>): Promise<BatchSummary>;
  getBatchSessions(query: Record<string, unknown>): Promise<BatchSessionsPage>;
}

const SESSION_EVENTS_SHOWN = 100;

export function createClickstreamService(options: ClickstreamServiceOptions): ClickstreamService {
  const { store } = options;
  const limits: ClickstreamLimits = { ...DEFAULT_CLICKSTREAM_LIMITS, ...options.limits };
  const clock = options.clock ?? systemClock;

  const checkTime = (field: string, value: number | null, now: number, notBefore?: number): number => {
    if (value === null) return now;
    if (!limits.checkTimestamps) return value;
    const min = Math.max(now - limits.timeMaxDeltaMinusSec, notBefore ?? 0);
    const max = now + limits.timeMaxDeltaPlusSec;
    if (value < min || value > max) throw new ClickstreamInvalidTimestampError(field, value, min, max);
    return value;
  };

  const withRanks = (inputs: ResultInput[], offset: number): SearchResultItem[] =>
    inputs.map((r, i) => ({ object_id: r.object_id, rank: r.rank ?? offset + i + 1, meta: r.meta }));

  const requireSession = async (sessionId: string, eventsLimit = 0, cached = false): Promise<SessionWithEvents> => {
    const s = await store.getSession(sessionId, { eventsLimit, cached });
    if (!s) throw new ClickstreamSessionNotFoundError(sessionId);
    return s;
  };

  return {
    limits,

    async registerSession(body) {
      const input = parseNewSession(body, limits);
      const now = clock.nowSeconds();
      const session: Session = {
        session_id: input.session_id,
        search_query: input.search_query,
        created_at: checkTime('created_at', input.created_at, now),
        search_results: withRanks(input.search_results, 0),
        search_meta: input.search_meta,
        user_id: input.user_id,
        is_irrelevant: input.is_irrelevant,
      };
      const result = await store.registerSession(session);
      if (!result.created) {
        const differs = sessionDifferences(result.session, session, input.created_at !== null);
        if (differs.length > 0) throw new ClickstreamSessionConflictError(session.session_id, differs);
      }
      return result;
    },

    async getSession(query) {
      const { session_id } = parseSessionQuery(query, limits);
      return toView(await requireSession(session_id, SESSION_EVENTS_SHOWN));
    },

    async appendResults(body) {
      const input = parseAppendResults(body, limits);
      let added = 0;
      const updated = await store.appendResults(input.session_id, (current) => {
        const known = new Set(current.map((r) => r.object_id));
        const fresh = input.search_results.filter((r) => !known.has(r.object_id));
        const total = current.length + fresh.length;
        if (total > limits.maxResultsPerSession) {
          throw new ClickstreamLimitExceededError('search_results', limits.maxResultsPerSession, total, 'results in the session');
        }
        const lastRank = current.reduce((m, r) => Math.max(m, r.rank), current.length);
        added = fresh.length;
        return withRanks(fresh, Math.floor(lastRank));
      });
      if (!updated) throw new ClickstreamSessionNotFoundError(input.session_id);
      return { added, total: updated.search_results.length };
    },

    async addEvents(body) {
      const input = parseNewEvents(body, limits);
      const unknownIn = (s: SessionWithEvents): string[] => {
        const shown = new Set(s.search_results.map((r) => r.object_id));
        return [...new Set(input.events.map((e) => e.object_id).filter((o) => !shown.has(o)))];
      };
      // A cached copy may lack pages appended elsewhere since; results only grow, so a miss re-reads.
      let session = await requireSession(input.session_id, 0, true);
      if (unknownIn(session).length > 0) session = await requireSession(input.session_id);
      const unknown = unknownIn(session);
      if (unknown.length > 0) throw new ClickstreamUnknownObjectError(session.session_id, unknown);
      const now = clock.nowSeconds();
      const events: SessionEvent[] = input.events.map((e, i) => ({
        event_id: e.event_id,
        session_id: session.session_id,
        object_id: e.object_id,
        event_type: e.event_type,
        created_at: checkTime(`events.${i}.created_at`, e.created_at, now, session.created_at - limits.timeMaxDeltaPlusSec),
        meta: e.meta,
      }));
      return events.length === 0 ? { inserted: 0, duplicates: 0 } : store.addEvents(events);
    },

    async markIrrelevant(body) {
      const { session_id } = parseSessionRef(body, limits);
      if (!(await store.markIrrelevant(session_id))) throw new ClickstreamSessionNotFoundError(session_id);
    },

    async releaseBatch(body) {
      const { release_id } = parseRelease(body, limits);
      const batch = await store.releaseBatch(release_id, clock.nowSeconds());
      if (!batch || batch.release_id === null || batch.released_at === null) throw new ClickstreamNothingToReleaseError(release_id);
      return { release_id: batch.release_id, batch_id: batch.batch_id, released_at: batch.released_at };
    },

    async getBatch(query) {
      const { batch_id } = parseBatchQuery(query, limits);
      const batch = await store.getBatch(batch_id);
      if (!batch) throw new ClickstreamBatchNotFoundError(batch_id ?? undefined);
      return batch;
    },

    async getBatchSessions(query) {
      const q = parseBatchSessionsQuery(query, limits);
      const sessions = await store.readBatchSessions(q.batch_id, {
        afterNumber: q.after_number,
        limit: q.limit,
        eventsLimit: q.events_limit === 0 ? limits.maxEventsPerSession : q.events_limit,
      });
      const last = sessions.at(-1);
      return {
        batch_id: q.batch_id,
        last_number: last ? last.session_number : null,
        sessions: sessions.map((s) => ({ ...toView(s), session_number: s.session_number })),
      };
    },
  };
}

function toView(s: SessionWithEvents): SessionView {
  return {
    session_id: s.session_id,
    search_query: s.search_query,
    search_results: s.search_results,
    search_meta: s.search_meta,
    user_id: s.user_id,
    created_at: s.created_at,
    is_irrelevant: s.is_irrelevant,
    events: s.events,
  };
}

/** Fields in which a re-posted session differs from the stored one (appended results ignored). */
export function sessionDifferences(stored: Session, posted: Session, compareCreatedAt: boolean): string[] {
  const out: string[] = [];
  if (stored.search_query !== posted.search_query) out.push('search_query');
  const shown = stored.search_results.slice(0, posted.search_results.length);
  if (stored.search_results.length < posted.search_results.length || !jsonEqual(shown, posted.search_results)) out.push('search_results');
  if (!jsonEqual(stored.search_meta, posted.search_meta)) out.push('search_meta');
  if (stored.user_id !== posted.user_id) out.push('user_id');
  if (compareCreatedAt && stored.created_at !== posted.created_at) out.push('created_at');
  return out;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

