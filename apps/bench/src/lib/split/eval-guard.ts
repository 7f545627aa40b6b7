import { BenchEvalLeakError } from '../../errors.js';

/** A query as the guard sees it. */
export interface GuardQuery {
  readonly id: string;
  readonly text: string;
}

/** Normalises a query text for leak comparison: case-folded, whitespace collapsed. */
export function normaliseQueryText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface EvalGuardResult {
  /** Click-pool queries that may produce sessions. */
  readonly kept: GuardQuery[];
  /** Click-pool queries dropped because an evaluation query has the same id or the same text. */
  readonly removed: Array<{ id: string; reason: 'id' | 'text' }>;
}

/**
 * Removes from the click pool every query whose id, or whose normalised text, belongs to the
 * evaluation set. Evaluation texts must never reach the click log or training.
 */
export function removeEvalQueries(clickPool: readonly GuardQuery[], evalQueries: readonly GuardQuery[]): EvalGuardResult {
  const evalIds = new Set(evalQueries.map((q) => q.id));
  const evalTexts = new Set(evalQueries.map((q) => normaliseQueryText(q.text)));
  const kept: GuardQuery[] = [];
  const removed: Array<{ id: string; reason: 'id' | 'text' }> = [];
  for (const q of clickPool) {
    if (evalIds.has(q.id)) removed.push({ id: q.id, reason: 'id' });
    else if (evalTexts.has(normaliseQueryText(q.text))) removed.push({ id: q.id, reason: 'text' });
    else kept.push(q);
  }
  return { kept, removed };
}

/**
 * Throws `BENCH_EVAL_LEAK` when any text that is about to be used for clicks or training
 * equals an evaluation query text (after normalisation), or any id is an evaluation id.
 * Called on the click pool before simulation and on the training examples before training.
 */
export function assertNoEvalLeak(
  used: { ids?: Iterable<string>; texts?: Iterable<string> },
  evalQueries: readonly GuardQuery[],
  where: string,
): void {
  const evalIds = new Set(evalQueries.map((q) => q.id));
  const evalTexts = new Set(evalQueries.map((q) => normaliseQueryText(q.text)));
  for (const id of used.ids ?? []) {
    if (evalIds.has(id)) {
      throw new BenchEvalLeakError(`Evaluation query "${id}" reached ${where}. The run is void; this is a harness bug.`, {
        details: { where, id },
      });
    }
  }
  for (const text of used.texts ?? []) {
    if (evalTexts.has(normaliseQueryText(text))) {
      throw new BenchEvalLeakError(`An evaluation query text reached ${where}: "${text.slice(0, 80)}". The run is void; this is a harness bug.`, {
        details: { where },
      });
    }
  }
}
