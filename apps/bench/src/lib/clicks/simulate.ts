import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { BenchInvalidArgumentError } from '../../errors.js';
import { simulateClicks } from '@embedding-studio/click-simulation';
import type { ClickModelParams, UniformSource } from '@embedding-studio/click-simulation';

/** A click-pool query with what the deployed system shows for it. */
export interface ShownQuery {
  readonly id: string;
  readonly text: string;
  /** Doc ids shown, best first (the top-10 of the deployed system). */
  readonly shown: readonly string[];
  /** Relevant doc ids: used only to draw clicks, never passed on. */
  readonly relevant: ReadonlySet<string>;
}

/** One simulated search: the query, what was shown, which positions were clicked. */
export interface SimulatedSession {
  readonly sessionId: string;
  readonly queryId: string;
  readonly queryText: string;
  readonly shown: readonly string[];
  /** 0-based clicked positions, ascending. */
  readonly clicked: readonly number[];
  /** Epoch seconds. */
  readonly createdAt: number;
}

export interface SimulateSessionsOptions {
  /** Number of sessions to simulate. */
  readonly budget: number;
  readonly pool: readonly ShownQuery[];
  readonly clickModel: ClickModelParams;
  /** Draws the query of each session (uniform over the pool). */
  readonly queryRng: { int(n: number): number };
  /** Draws the clicks. */
  readonly clickRng: UniformSource;
  /** Prefix of session ids. @defaultValue 'sim' */
  readonly idPrefix?: string;
  /** Time of the first session; each next session is one second later. @defaultValue 1_700_000_000 */
  readonly startTime?: number;
}

/**
 * Simulates `budget` sessions: each picks a query uniformly from the pool (with replacement),
 * shows its list and draws clicks from the click model. Queries and clicks use separate
 * generators, so budget N is a prefix of budget M > N for the same seeds.
 */
export function simulateSessions(options: SimulateSessionsOptions): SimulatedSession[] {
  const { budget, pool, clickModel, queryRng, clickRng } = options;
  if (!Number.isInteger(budget) || budget < 0) throw new BenchInvalidArgumentError(`budget must be a non-negative integer, got ${budget}.`);
  if (pool.length === 0) throw new BenchInvalidArgumentError('The click pool is empty: no query can produce sessions.');
  const prefix = options.idPrefix ?? 'sim';
  const t0 = options.startTime ?? 1_700_000_000;
  const out: SimulatedSession[] = [];
  for (let i = 0; i < budget; i++) {
    const q = pool[queryRng.int(pool.length)] as ShownQuery;
    const relevant = q.shown.map((d) => q.relevant.has(d));
    out.push({
      sessionId: `${prefix}-${i + 1}`,
      queryId: q.id,
      queryText: q.text,
      shown: q.shown,
      clicked: simulateClicks(clickModel, relevant, clickRng),
      createdAt: t0 + i,
    });
  }
  return out;
}

/**
 * The C-rand control: the same sessions with each session's clicks moved to the same number
 * of shown results picked uniformly at random (without replacement). Total and per-session
 * click counts are unchanged; the link between clicks and relevance is cut.
 */
export function randomiseClicks(sessions: readonly SimulatedSession[], rng: { int(n: number): number }): SimulatedSession[] {
  return sessions.map((s) => {
    const k = s.clicked.length;
    if (k === 0) return s;
    const positions = s.shown.map((_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(positions.length - i);
      const t = positions[i] as number;
      positions[i] = positions[j] as number;
      positions[j] = t;
    }
    return { ...s, clicked: positions.slice(0, k).sort((a, b) => a - b) };
  });
}

/** Request bodies a client would send for one simulated session (register, then clicks). */
export function toClickstreamRequests(s: SimulatedSession): { session: Record<string, unknown>; events: Record<string, unknown> | null } {
  return {
    session: {
      session_id: s.sessionId,
      search_query: s.queryText,
      created_at: s.createdAt,
      search_results: s.shown.map((id, i) => ({ object_id: id, rank: i + 1, meta: null })),
      search_meta: null,
      user_id: null,
      is_irrelevant: false,
    },
    events:
      s.clicked.length === 0
        ? null
        : {
            session_id: s.sessionId,
            events: s.clicked.map((pos, j) => ({
              event_id: `${s.sessionId}-click-${j + 1}`,
              object_id: s.shown[pos],
              event_type: 'click',
              created_at: s.createdAt,
              meta: null,
            })),
          },
  };
}

/** Total number of clicks in a log. */
export function countClicks(sessions: readonly SimulatedSession[]): number {
  return sessions.reduce((n, s) => n + s.clicked.length, 0);
}

/** Clicks per doc id over a log (the popularity signal of C-pop). */
export function clicksPerDoc(sessions: readonly SessionWithEvents[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of sessions) for (const e of s.events) if (e.event_type === 'click') out.set(e.object_id, (out.get(e.object_id) ?? 0) + 1);
  return out;
}
