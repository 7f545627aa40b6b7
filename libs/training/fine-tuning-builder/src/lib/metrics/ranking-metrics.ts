import { irrelevantDistanceShift, ndcgAtK as ndcgOfRanking, notIrrelevantDistanceShift, reciprocalRankAtK } from '@embedding-studio/losses-metrics';

/**
 * Ranking metrics over one candidate list (scores by candidate position), computed with the
 * metrics of `@embedding-studio/losses-metrics`. Relevance is binary (clicked or not). Ties are
 * broken pessimistically: among equal scores non-relevant candidates rank first, so a model that
 * scores everything the same gets no credit.
 */

/** Candidate positions sorted by descending score (pessimistic ties). */
export function rankOrder(scores: ArrayLike<number>, relevant: (i: number) => boolean): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  return idx.sort((a, b) => {
    const d = (scores[b] as number) - (scores[a] as number);
    if (d !== 0) return d;
    return (relevant(a) ? 1 : 0) - (relevant(b) ? 1 : 0) || a - b;
  });
}

function ranked(scores: ArrayLike<number>, relevant: (i: number) => boolean): { ranking: string[]; judgments: Map<string, number> } {
  const judgments = new Map<string, number>();
  for (let i = 0; i < scores.length; i++) if (relevant(i)) judgments.set(String(i), 1);
  return { ranking: rankOrder(scores, relevant).map(String), judgments };
}

/** nDCG@k with binary gains (0 without relevant candidates). */
export function ndcgAtK(scores: ArrayLike<number>, relevant: (i: number) => boolean, k: number): number {
  const { ranking, judgments } = ranked(scores, relevant);
  return ndcgOfRanking(ranking, judgments, k);
}

/** Reciprocal rank of the first relevant candidate (0 when none is relevant). */
export function reciprocalRank(scores: ArrayLike<number>, relevant: (i: number) => boolean): number {
  const { ranking, judgments } = ranked(scores, relevant);
  return ranking.length === 0 ? 0 : reciprocalRankAtK(ranking, judgments, ranking.length);
}

/**
 * DistanceShift of one session (the original system's main metric), similarity form, with the
 * `positives` clicked candidates first: with clicks, the mean over clicked items of
 * `now − before` (clicked items moved closer); without clicks, the mean over shown items of
 * `before − now` (a failed search's results moved away). `undefined` when nothing to average.
 */
export function distanceShift(now: ArrayLike<number>, before: ArrayLike<number>, positives: number): number | undefined {
  if (positives > 0) {
    return notIrrelevantDistanceShift(Array.from({ length: positives }, (_, i) => now[i] as number), Array.from({ length: positives }, (_, i) => before[i] as number));
  }
  return irrelevantDistanceShift(Array.from(now), Array.from(before));
}
