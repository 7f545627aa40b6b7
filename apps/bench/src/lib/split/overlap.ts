import { relevantDocs } from '@embedding-studio/click-simulation';
import type { Qrels } from '@embedding-studio/click-simulation';
import type { GuardQuery } from './eval-guard.js';

/**
 * How an evaluated query relates to the click pool:
 * - `near-duplicate`: its text is a near copy of a click-pool text (word Jaccard ≥ the
 *   threshold; on SciFact typically the same claim negated or with two terms swapped);
 * - `shared-doc`: not a near copy, but one of its relevant docs is relevant to a click-pool query;
 * - `none`: neither: clicks can only help through what they teach about the language.
 */
export type PoolOverlap = 'near-duplicate' | 'shared-doc' | 'none';

/** Word-set Jaccard threshold of {@link PoolOverlap} `near-duplicate`. */
export const NEAR_DUPLICATE_JACCARD = 0.6;

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** |A ∩ B| / |A ∪ B| of two word sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** Classifies each of `queries` (judged in `qrels`) against the click pool (judged in `poolQrels`). */
export function poolOverlap(
  queries: readonly GuardQuery[],
  qrels: Qrels,
  clickPool: readonly GuardQuery[],
  poolQrels: Qrels,
  threshold = NEAR_DUPLICATE_JACCARD,
): Map<string, PoolOverlap> {
  const poolWords = clickPool.map((q) => words(q.text));
  const poolDocs = new Set<string>();
  for (const q of clickPool) for (const d of relevantDocs(poolQrels, q.id)) poolDocs.add(d);
  const out = new Map<string, PoolOverlap>();
  for (const q of queries) {
    const w = words(q.text);
    if (poolWords.some((p) => jaccard(w, p) >= threshold)) out.set(q.id, 'near-duplicate');
    else if ([...relevantDocs(qrels, q.id)].some((d) => poolDocs.has(d))) out.set(q.id, 'shared-doc');
    else out.set(q.id, 'none');
  }
  return out;
}
