// The forgetting guard of the deploy gate: on a fixed general query set with judged results, a
// candidate model must not rank significantly worse than the base model it adapts.

/** Judged relevant item ids per general query. */
export type GeneralJudgments = Readonly<Record<string, readonly string[]>>;

/** Largest mean drop of nDCG@k tolerated before the guard looks at significance. @defaultValue */
export const DEFAULT_FORGETTING_TOLERANCE = 0.02;

export interface ForgettingReport {
  /** General queries with at least one judged item. */
  queries: number;
  k: number;
  /** Mean nDCG@k of the base (active) ranking and of the candidate's. */
  base: number;
  candidate: number;
  /** Mean per-query Δ = candidate − base, and the one-sided 95% upper bound of that mean. */
  delta: number;
  upper: number;
  tolerance: number;
  /** False when the candidate loses more than `tolerance` and the loss is significant (`upper` < 0). */
  passed: boolean;
}

/** nDCG@k of one ranking against a set of relevant ids (binary gain, log2 discount). */
export function ndcgAt(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

// One-sided 95% Student t quantiles for 1..30 degrees of freedom; the normal value beyond.
const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697];
const t95 = (df: number): number => T95[df - 1] ?? 1.645;

/**
 * Compares the base and candidate rankings of the general queries (`base[i]`, `candidate[i]`
 * rank `queries[i]`) by nDCG@k against `judgments`. The guard fails when the mean Δ is below
 * −`tolerance` and the one-sided 95% t upper bound of the mean paired Δ is below 0: a loss the
 * query set cannot explain as noise. Queries without judged items are not counted.
 */
export function forgettingGuard(
  queries: readonly string[],
  base: readonly (readonly string[])[],
  candidate: readonly (readonly string[])[],
  judgments: GeneralJudgments,
  options: { k?: number; tolerance?: number } = {},
): ForgettingReport {
  const k = options.k ?? 10;
  const tolerance = options.tolerance ?? DEFAULT_FORGETTING_TOLERANCE;
  const b: number[] = [];
  const c: number[] = [];
  queries.forEach((q, i) => {
    const relevant = new Set(judgments[q] ?? []);
    if (relevant.size === 0) return;
    b.push(ndcgAt(base[i] ?? [], relevant, k));
    c.push(ndcgAt(candidate[i] ?? [], relevant, k));
  });
  const n = b.length;
  const mean = (v: readonly number[]): number => (v.length === 0 ? 0 : v.reduce((s, x) => s + x, 0) / v.length);
  const deltas = c.map((x, i) => x - (b[i] as number));
  const delta = mean(deltas);
  const sd = n < 2 ? 0 : Math.sqrt(deltas.reduce((s, x) => s + (x - delta) ** 2, 0) / (n - 1));
  const upper = n < 2 ? delta : delta + t95(n - 1) * (sd / Math.sqrt(n));
  return { queries: n, k, base: mean(b), candidate: mean(c), delta, upper, tolerance, passed: !(delta < -tolerance && upper < 0) };
}
