import type { Qrels } from '@embedding-studio/click-simulation';
import { makeQuerySplit } from './query-split.js';
import type { QuerySplit } from './query-split.js';

/** Seed of the held-out carve (distinct from the split seed, fixed in the repository). */
export const HELD_OUT_SEED = 20240917;
/** Share of the committed click pool set aside as held-out evaluation queries. */
export const HELD_OUT_FRACTION = 0.2;

/** A held-out evaluation set and the judged queries left for the click pool and dev. */
export interface HeldOutCarve {
  /** Evaluation query ids (from the committed click pool: never a headline before, never tuned on). */
  readonly heldOut: string[];
  /** Every other judged query id (rest of the click pool + the committed dev). */
  readonly rest: string[];
}

/**
 * Carves a held-out evaluation set when a dataset ships only one judged split (SciFact's
 * train split here): `fraction` of the committed **click pool**, drawn with a fixed seed.
 * Click-pool queries were never a headline, so no hyperparameter was tuned toward their
 * numbers (dev was). Deterministic in (split, fraction, seed).
 */
export function carveHeldOut(split: QuerySplit, fraction = HELD_OUT_FRACTION, seed = HELD_OUT_SEED): HeldOutCarve {
  const heldOut = [...makeQuerySplit(split.clickPool, seed, fraction).dev];
  const out = new Set(heldOut);
  const rest = [...split.clickPool.filter((id) => !out.has(id)), ...split.dev].sort();
  return { heldOut, rest };
}

/** The judgments of `ids` as a BEIR qrels TSV (with header), rows sorted by query then doc id. */
export function qrelsTsv(qrels: Qrels, ids: readonly string[]): string {
  const lines = ['query-id\tcorpus-id\tscore'];
  for (const q of [...ids].sort()) {
    const docs = qrels.get(q);
    if (!docs) continue;
    for (const [doc, score] of [...docs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`${q}\t${doc}\t${score}`);
  }
  return lines.join('\n') + '\n';
}
