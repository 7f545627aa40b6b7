import { createRng } from '@embedding-studio/random';
import { LossesMetricsNotEnoughValuesError } from '../../errors.js';
import { checkAllFinite, checkInteger, checkRange } from '../internal/check.js';

export interface BootstrapOptions {
  /**
   * Number of bootstrap resamples.
   * @defaultValue 10000
   */
  resamples?: number;
  /** Seed of the resampling generator (number or string); the same seed gives the same interval. */
  seed: number | string;
  /**
   * Confidence level of the two-sided interval.
   * @defaultValue 0.95
   */
  level?: number;
}

export interface BootstrapInterval {
  /** Mean of the observed deltas. */
  mean: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  n: number;
}

/**
 * Paired bootstrap CI of the mean per-query difference. `deltas[i]` is one query's
 * `metric(system) − metric(baseline)`, so resampling queries keeps each pair together. The
 * interval is the percentile interval of `resamples` resampled means (order statistics linearly
 * interpolated). Deterministic for a given `seed`.
 */
export function pairedBootstrapCI(deltas: readonly number[], options: BootstrapOptions): BootstrapInterval {
  checkAllFinite('deltas', deltas);
  const n = deltas.length;
  if (n === 0) throw new LossesMetricsNotEnoughValuesError('pairedBootstrapCI', 1, 0);
  const resamples = checkInteger('resamples', options.resamples ?? 10_000, 1);
  const level = checkRange('level', options.level ?? 0.95, { min: 0, max: 1, minOpen: true, maxOpen: true });
  const rng = createRng(options.seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += deltas[rng.int(n)] as number;
    means[b] = s / n;
  }
  means.sort();
  const alpha = 1 - level;
  return {
    mean: deltas.reduce((s, x) => s + x, 0) / n,
    lower: quantileSorted(means, alpha / 2),
    upper: quantileSorted(means, 1 - alpha / 2),
    level,
    resamples,
    n,
  };
}

/** Linear-interpolation quantile (R type 7) of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new LossesMetricsNotEnoughValuesError('quantile', 1, 0);
  checkRange('p', p, { min: 0, max: 1 });
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}
