import type { AppError } from '@embedding-studio/errors';
import { isAppError } from '@embedding-studio/errors';
import {
  ClickstreamBatchNotFoundError,
  ClickstreamInvalidTimestampError,
  ClickstreamLimitExceededError,
  ClickstreamNothingToReleaseError,
  ClickstreamSessionConflictError,
  ClickstreamSessionNotFoundError,
  ClickstreamUnknownObjectError,
} from '../errors.js';
import { epochSeconds, systemClock, type Clock } from '@embedding-studio/primitives';
import { type ClickstreamLimits, DEFAULT_CLICKSTREAM_LIMITS } from './limits.js';
import type { SearchResultItem, Session, SessionEvent, SessionWithEvents } from './model.js';
import type { BulkEventInput, EventInput, NewSessionInput, ResultInput } from './parse.js';
import type { AddEventsResult, BatchSummary, ClickstreamStore, RegisterResult } from './store.js';

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

/** What happened to one item of a bulk call: its result, or the coded error that refused it. */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

export interface ReadBatchPageOptions {
  /** Sessions with a number above this one. @defaultValue 0 */
  afterNumber?: number;
  /** @defaultValue 10 */
  limit?: number;
  /** Events per session; 0 or absent = the configured maximum. */
  eventsLimit?: number;
}

/**
 * The clickstream use cases on typed, already-parsed input. They apply the domain rules
 * (timestamp window, ranks, conflicts, shown objects, size limits) and throw `CLICKSTREAM_*`
 * errors; shape checks of untrusted input belong to the parse layer in front of them.
 */
export interface ClickstreamUseCases {
  readonly limits: Readonly<ClickstreamLimits>;
  /** Registers a session; an identical re-post returns the stored one (`created: false`), other content is a conflict. */
  recordSession(input: NewSessionInput): Promise<RegisterResult>;
  /** Many sessions at once (written together); one outcome per input, in order. */
  recordSessions(inputs: readonly NewSessionInput[]): Promise<ItemOutcome<RegisterResult>[]>;
  readSession(sessionId: string): Promise<SessionView>;
  /** Appends a page of results (objects already shown are skipped); ranks continue after the last one. */
  appendResults(sessionId: string, results: readonly ResultInput[]): Promise<{ added: number; total: number }>;
  /** Events of one session; all are checked before any is written. */
  recordEvents(sessionId: string, events: readonly EventInput[]): Promise<AddEventsResult>;
  /** Events of many sessions; each is accepted or refused on its own, the accepted ones written together. */
  recordEventsBulk(events: readonly BulkEventInput[]): Promise<ItemOutcome<null>[]>;
  markIrrelevant(sessionId: string): Promise<void>;
  /** Releases the collecting batch under an idempotency key (a repeat returns the same release). */
  releaseBatch(releaseId: string): Promise<ReleaseView>;
  /** A batch by id, or the collecting batch for null. */
  getBatch(batchId: string | null): Promise<BatchSummary>;
  readBatchPage(batchId: string, options?: ReadBatchPageOptions): Promise<BatchSessionsPage>;
  /** Every session of a released batch with its events, read in pages; never waits (numbers may skip). */
  readReleasedBatch(batchId: string, options?: { pageSize?: number; signal?: AbortSignal }): Promise<SessionWithEvents[]>;
}

export interface ClickstreamUseCasesOptions {
  store: ClickstreamStore;
  /** @defaultValue DEFAULT_CLICKSTREAM_LIMITS */
  limits?: Partial<ClickstreamLimits>;
  /** Wall clock (epoch ms); records keep whole epoch seconds. @defaultValue systemClock */
  clock?: Clock;
}

const SESSION_EVENTS_SHOWN = 100;

const settle = async <T>(work: Promise<T>): Promise<ItemOutcome<T>> => {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    if (!isAppError(error) || error.category === 'internal' || error.category === 'unavailable') throw error;
    return { ok: false, error };
  }
};

export function createClickstreamUseCases(options: ClickstreamUseCasesOptions): ClickstreamUseCases {
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

  const requireSession = async (sessionId: string, eventsLimit = 0, cached = false): Promise<SessionWithEvents> => {
    const s = await store.getSession(sessionId, { eventsLimit, cached });
    if (!s) throw new ClickstreamSessionNotFoundError(sessionId);
    return s;
  };

  /** The session of posted events, from this process's copy when it shows every object (else re-read). */
  const sessionShowing = async (sessionId: string, objectIds: readonly string[]): Promise<SessionWithEvents> => {
    const shows = (s: SessionWithEvents): boolean => {
      const shown = new Set(s.search_results.map((r) => r.object_id));
      return objectIds.every((o) => shown.has(o));
    };
    // A cached copy may lack pages appended elsewhere since; results only grow, so a miss re-reads.
    const cached = await requireSession(sessionId, 0, true);
    return shows(cached) ? cached : requireSession(sessionId);
  };

  const toEvents = (session: SessionWithEvents, inputs: readonly EventInput[], now: number, field: (i: number) => string): SessionEvent[] => {
    const shown = new Set(session.search_results.map((r) => r.object_id));
    const unknown = [...new Set(inputs.map((e) => e.object_id).filter((o) => !shown.has(o)))];
    if (unknown.length > 0) throw new ClickstreamUnknownObjectError(session.session_id, unknown);
    return inputs.map((e, i) => ({
      event_id: e.event_id,
      session_id: session.session_id,
      object_id: e.object_id,
      event_type: e.event_type,
      created_at: checkTime(field(i), e.created_at, now, session.created_at - limits.timeMaxDeltaPlusSec),
      meta: e.meta,
    }));
  };

  const toSession = (input: NewSessionInput, now: number): Session => ({
    session_id: input.session_id,
    search_query: input.search_query,
    created_at: checkTime('created_at', input.created_at, now),
    search_results: input.search_results.map((r, i) => ({ object_id: r.object_id, rank: r.rank ?? (r.position ?? i) + 1, meta: r.meta })),
    search_meta: input.search_meta,
    user_id: input.user_id,
    is_irrelevant: input.is_irrelevant,
  });

  const recordSession = async (input: NewSessionInput): Promise<RegisterResult> => {
    const session = toSession(input, epochSeconds(clock));
    const result = await store.registerSession(session);
    if (!result.created) {
      const differs = sessionDifferences(result.session, session, input.created_at !== null);
      if (differs.length > 0) throw new ClickstreamSessionConflictError(session.session_id, differs);
    }
    return result;
  };

  const readBatchPage = async (batchId: string, page: ReadBatchPageOptions = {}): Promise<BatchSessionsPage> => {
    const sessions = await store.readBatchSessions(batchId, {
      afterNumber: page.afterNumber ?? 0,
      limit: page.limit ?? 10,
      eventsLimit: page.eventsLimit ? page.eventsLimit : limits.maxEventsPerSession,
    });
    const last = sessions.at(-1);
    return {
      batch_id: batchId,
      last_number: last ? last.session_number : null,
      sessions: sessions.map((s) => ({ ...toView(s), session_number: s.session_number })),
    };
  };

  return {
    limits,
    recordSession,
    // Concurrent calls: a store with group commit writes them together.
    recordSessions: (inputs) => Promise.all(inputs.map((input) => settle(recordSession(input)))),

    async readSession(sessionId) {
      return toView(await requireSession(sessionId, SESSION_EVENTS_SHOWN));
    },

    async appendResults(sessionId, results) {
      let added = 0;
      const updated = await store.appendResults(sessionId, (current) => {
        const known = new Set(current.map((r) => r.object_id));
        const fresh = results.filter((r) => !known.has(r.object_id));
        const total = current.length + fresh.length;
        if (total > limits.maxResultsPerSession) {
          throw new ClickstreamLimitExceededError('search_results', limits.maxResultsPerSession, total, 'results in the session');
        }
        const lastRank = Math.floor(current.reduce((m, r) => Math.max(m, r.rank), current.length));
        added = fresh.length;
        return fresh.map((r, i): SearchResultItem => ({ object_id: r.object_id, rank: r.rank ?? lastRank + i + 1, meta: r.meta }));
      });
      if (!updated) throw new ClickstreamSessionNotFoundError(sessionId);
      return { added, total: updated.search_results.length };
    },

    async recordEvents(sessionId, inputs) {
      const session = await sessionShowing(
        sessionId,
        inputs.map((e) => e.object_id),
      );
      const events = toEvents(session, inputs, epochSeconds(clock), (i) => `events.${i}.created_at`);
      return events.length === 0 ? { inserted: 0, duplicates: 0 } : store.addEvents(events);
    },

    async recordEventsBulk(inputs) {
      const now = epochSeconds(clock);
      const bySession = new Map<string, number[]>();
      inputs.forEach((e, i) => bySession.set(e.session_id, [...(bySession.get(e.session_id) ?? []), i]));
      const outcomes: ItemOutcome<SessionEvent>[] = new Array(inputs.length);
      await Promise.all(
        [...bySession].map(async ([sessionId, indexes]) => {
          const found = await settle(sessionShowing(sessionId, indexes.map((i) => inputs[i]!.object_id)));
          for (const i of indexes) {
            outcomes[i] = found.ok ? await settle(Promise.resolve().then(() => toEvents(found.value, [inputs[i]!], now, () => 'created_at')[0]!)) : found;
          }
        }),
      );
      const accepted = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
      if (accepted.length > 0) await store.addEvents(accepted);
      return outcomes.map((o) => (o.ok ? { ok: true, value: null } : o));
    },

    async markIrrelevant(sessionId) {
      if (!(await store.markIrrelevant(sessionId))) throw new ClickstreamSessionNotFoundError(sessionId);
    },

    async releaseBatch(releaseId) {
      const batch = await store.releaseBatch(releaseId, epochSeconds(clock));
      if (!batch || batch.release_id === null || batch.released_at === null) throw new ClickstreamNothingToReleaseError(releaseId);
      return { release_id: batch.release_id, batch_id: batch.batch_id, released_at: batch.released_at };
    },

    async getBatch(batchId) {
      const batch = await store.getBatch(batchId);
      if (!batch) throw new ClickstreamBatchNotFoundError(batchId ?? undefined);
      return batch;
    },

    readBatchPage,

    async readReleasedBatch(batchId, { pageSize = 500, signal } = {}) {
      const all: SessionWithEvents[] = [];
      let after = 0;
      for (;;) {
        signal?.throwIfAborted();
        const page = await store.readBatchSessions(batchId, { afterNumber: after, limit: pageSize, eventsLimit: limits.maxEventsPerSession });
        all.push(...page);
        const last = page.at(-1);
        if (!last || page.length < pageSize) return all;
        after = last.session_number;
      }
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
