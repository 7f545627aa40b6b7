import { simulateClicks } from '@embedding-studio/click-simulation';
import type { ClickModelParams } from '@embedding-studio/click-simulation';
import { createRng } from '@embedding-studio/random';
import { LearningLoopInvalidArgumentError } from '../errors.js';
import type { ClickLog } from './click-log.js';
import type { HeldOutGuard, LoopQuery } from './held-out-guard.js';
import type { LoopApi } from './ports.js';

/** A query simulated users may search, with the documents they would find relevant. */
export interface PoolQuery extends LoopQuery {
  /** Relevant doc ids: used only to draw clicks on what the search returned. */
  readonly relevant: ReadonlySet<string>;
}

export interface TrafficOptions {
  readonly api: LoopApi;
  readonly collection: string;
  /** The queries users search (drawn uniformly, with replacement). */
  readonly pool: readonly PoolQuery[];
  readonly clickModel: ClickModelParams;
  /** Seed of the query and click draws: session i draws from `<seed>:q:<i>` and `<seed>:c:<i>`, whatever the concurrency. */
  readonly seed: number | string;
  /** Refuses held-out queries before any is searched. */
  readonly guard: HeldOutGuard;
  readonly log: ClickLog;
  /** Results asked per search. @defaultValue 10 */
  readonly k?: number;
  /** Users searching at once. @defaultValue 4 */
  readonly concurrency?: number;
  /** Called after each session is logged. */
  readonly onSession?: (done: number) => void;
  /** @defaultValue setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Simulated users, numbered across phases: a run continues where the previous one stopped. */
export interface Traffic {
  /**
   * Runs until `count` more sessions are done, or `until()` turns true (checked before each
   * session). Each user waits `pauseMs()` after each session (0 when absent).
   */
  run(stop: { count?: number; until?: () => boolean; pauseMs?: () => number }): Promise<number>;
  /** Sessions done so far. */
  readonly done: number;
}

/**
 * Users that search through the search route, see only what it returned, and click by the click
 * model on the results that are relevant to them (through the 0.0.1 events route, with the
 * search_id). Every pool query is checked against the held-out guard before the first search.
 */
export function createTraffic(options: TrafficOptions): Traffic {
  const { api, collection, pool, clickModel, seed, log } = options;
  if (pool.length === 0) throw new LearningLoopInvalidArgumentError('The click pool is empty: no query can produce sessions.');
  for (const q of pool) options.guard.assertClickable(q);
  const k = options.k ?? 10;
  const concurrency = options.concurrency ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let next = 0;
  let done = 0;

  const session = async (i: number): Promise<void> => {
    const query = pool[createRng(`${seed}:q:${i}`).int(pool.length)] as PoolQuery;
    const answer = await api.search({ collection, query: query.text, k, user_id: `user-${i % 97}` });
    const shown = answer.results.map((r) => r.object_id);
    const clicked = simulateClicks(
      clickModel,
      shown.map((id) => query.relevant.has(id)),
      createRng(`${seed}:c:${i}`),
    );
    if (clicked.length > 0) {
      await api.click(
        answer.search_id,
        clicked.map((pos, j) => ({ event_id: `${answer.search_id}-click-${j + 1}`, object_id: shown[pos] as string })),
      );
    }
    log.add({ searchId: answer.search_id, queryId: query.id, version: answer.model.version, clickedRanks: clicked.map((pos) => (answer.results[pos]?.rank ?? pos + 1)) });
    done++;
    options.onSession?.(done);
  };

  return {
    get done() {
      return done;
    },
    async run(stop) {
      const limit = stop.count === undefined ? Infinity : next + stop.count;
      if (stop.count === undefined && stop.until === undefined) throw new LearningLoopInvalidArgumentError('Traffic needs a count or an until() condition, or it would never stop.');
      const startedAt = done;
      const user = async (): Promise<void> => {
        while (next < limit && !(stop.until?.() ?? false)) {
          await session(next++);
          const pause = stop.pauseMs?.() ?? 0;
          if (pause > 0) await sleep(pause);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, user));
      return done - startedAt;
    },
  };
}
