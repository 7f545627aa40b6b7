// The offline counterfactual estimate: inverse propensity scoring of a candidate ranking on
// logged searches and clicks, under the position-based click model.
import { createRng } from '@embedding-studio/random';

/** One logged search for the estimate: its shown list, its clicks, and the candidate's order of the same list. */
export interface EstimateSearch {
  /** Shown object ids in logged rank order (rank i + 1 at index i). */
  shown: readonly string[];
  clicked: ReadonlySet<string>;
  /** `shown` reordered by the candidate. */
  candidate: readonly string[];
}

export interface IpsOptions {
  /** Two-sided level of the bootstrap interval is `1 − alpha`. @defaultValue 0.05 */
  alpha?: number;
  /** Bootstrap resamples. @defaultValue 1000 */
  resamples?: number;
  /** Seed of the bootstrap. */
  seed: string;
  /** Largest propensity ratio a click is weighted with. @defaultValue 20 */
  maxWeight?: number;
  /** Smallest propensity. @defaultValue 0.01 */
  minPropensity?: number;
}

export interface IpsEstimate {
  sessions: number;
  control: { ctr: number; mrr: number };
  candidate: { ctr: number; mrr: number; ci: [number, number] };
  /** Relative CTR change, `candidate.ctr / control.ctr − 1` (0 when the control has no click). */
  lift: number;
  worth_testing: boolean;
  /** Examination probability per rank (rank 1 first), relative to rank 1. */
  propensities: number[];
}

/**
 * Propensities of ranks 1…k estimated from the log: the click rate at each rank (Laplace
 * smoothed) relative to rank 1's, made non-increasing (the position-based model's assumption)
 * and floored at `minPropensity`. Click rates also carry relevance (the logged ranker put better
 * items higher), so this overstates the position bias, which makes the estimate favour the
 * logged ranking: a conservative direction for "worth testing".
 */
export function estimatePropensities(searches: readonly Pick<EstimateSearch, 'shown' | 'clicked'>[], minPropensity = 0.01): number[] {
  const k = searches.reduce((m, s) => Math.max(m, s.shown.length), 0);
  const shown = new Array<number>(k).fill(0);
  const clicks = new Array<number>(k).fill(0);
  for (const s of searches) {
    s.shown.forEach((id, i) => {
      shown[i] = (shown[i] as number) + 1;
      if (s.clicked.has(id)) clicks[i] = (clicks[i] as number) + 1;
    });
  }
  const rates = shown.map((n, i) => ((clicks[i] as number) + 1) / (n + 2));
  const first = rates[0] ?? 1;
  const out: number[] = [];
  let previous = 1;
  for (const r of rates) {
    previous = Math.max(minPropensity, Math.min(previous, r / first));
    out.push(previous);
  }
  return out;
}

/**
 * The IPS estimate. For each logged search and each clicked result `d` shown at rank `r`, the
 * candidate (which reorders the same list) would show `d` at rank `r'`; under the position-based
 * model its click probability scales by `w = p(r') / p(r)` (capped at `maxWeight`). Per search,
 * the click-through rate is the expected number of clicks, Σ w (which is the share of searches
 * with a click when a search gets at most one click, the usual case), and the reciprocal rank is
 * min(1, max w / r'). Under the logged ranking every w is 1, so the control's values are the
 * observed clicks per search and MRR of the best-ranked click. The candidate's CTR gets a
 * percentile bootstrap interval over searches; `worth_testing` is true when the candidate's
 * estimated CTR is above the control's (`lift > 0`).
 */
export function ipsEstimate(searches: readonly EstimateSearch[], options: IpsOptions): IpsEstimate {
  const alpha = options.alpha ?? 0.05;
  const maxWeight = options.maxWeight ?? 20;
  const propensities = estimatePropensities(searches, options.minPropensity ?? 0.01);
  const p = (rank: number): number => propensities[Math.min(rank, propensities.length) - 1] ?? 1;
  const n = searches.length;
  const candidateCtr = new Float64Array(n);
  let controlCtr = 0;
  let controlMrr = 0;
  let candidateMrr = 0;
  searches.forEach((s, i) => {
    const at = new Map(s.candidate.map((id, j) => [id, j + 1]));
    let sum = 0;
    let best = 0;
    let bestLogged = 0;
    let clickedHere = 0;
    s.shown.forEach((id, j) => {
      if (!s.clicked.has(id)) return;
      const r = j + 1;
      const r2 = at.get(id) ?? r;
      const w = Math.min(maxWeight, p(r2) / p(r));
      sum += w;
      best = Math.max(best, w / r2);
      bestLogged = Math.max(bestLogged, 1 / r);
      clickedHere++;
    });
    candidateCtr[i] = sum;
    candidateMrr += Math.min(1, best);
    controlCtr += clickedHere;
    controlMrr += bestLogged;
  });
  const mean = (xs: Float64Array): number => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const ctr = mean(candidateCtr);
  const control = { ctr: n > 0 ? controlCtr / n : 0, mrr: n > 0 ? controlMrr / n : 0 };
  const lift = control.ctr > 0 ? ctr / control.ctr - 1 : 0;
  return {
    sessions: n,
    control,
    candidate: { ctr, mrr: n > 0 ? candidateMrr / n : 0, ci: bootstrapMean(candidateCtr, options.resamples ?? 1000, alpha, options.seed) },
    lift,
    worth_testing: lift > 0,
    propensities,
  };
}

/** Percentile bootstrap interval of the mean of `xs` (seeded, so the same data give the same interval). */
export function bootstrapMean(xs: Float64Array, resamples: number, alpha: number, seed: string): [number, number] {
  const n = xs.length;
  if (n === 0) return [0, 0];
  const rng = createRng(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[rng.int(n)] as number;
    means[b] = s / n;
  }
  means.sort();
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))] as number;
  return [at(alpha / 2), at(1 - alpha / 2)];
}
