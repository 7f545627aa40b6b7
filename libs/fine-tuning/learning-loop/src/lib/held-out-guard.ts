import { LearningLoopEvalLeakError } from '../errors.js';

/** A query of the loop: its id in the test collection and the text a user types. */
export interface LoopQuery {
  readonly id: string;
  readonly text: string;
}

/** Case-folded, whitespace-collapsed text: two queries with the same normal form are the same query. */
export function normalQueryText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Keeps held-out queries away from simulated users: nothing with their id or their text may be searched by a user. */
export interface HeldOutGuard {
  /** Throws `LEARNING_LOOP_EVAL_LEAK` when `query` is a held-out query (same id or same normal text). */
  assertClickable(query: LoopQuery): void;
  /** True when `query` is a held-out query. */
  isHeldOut(query: LoopQuery): boolean;
}

export function createHeldOutGuard(heldOut: readonly LoopQuery[]): HeldOutGuard {
  const ids = new Set(heldOut.map((q) => q.id));
  const texts = new Set(heldOut.map((q) => normalQueryText(q.text)));
  const isHeldOut = (q: LoopQuery): boolean => ids.has(q.id) || texts.has(normalQueryText(q.text));
  return {
    isHeldOut,
    assertClickable(query) {
      if (isHeldOut(query)) {
        throw new LearningLoopEvalLeakError(`Held-out query "${query.id}" was about to be searched and clicked by a simulated user; the run is void (a bug of the caller's query plan).`, {
          details: { id: query.id },
        });
      }
    },
  };
}
