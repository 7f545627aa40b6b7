import { LossesMetricsNotEnoughValuesError } from '../../errors.js';
import { checkAllFinite, checkRange } from '../internal/check.js';
import { studentTQuantile } from './student-t.js';

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (divides by n − 1); 0 for a single value. */
  std: number;
  n: number;
}

/** Mean and sample standard deviation. Throws `LOSSES_METRICS_NOT_ENOUGH_VALUES` for no values. */
export function meanStd(values: readonly number[]): MeanStd {
  checkAllFinite('values', values);
  const n = values.length;
  if (n === 0) throw new LossesMetricsNotEnoughValuesError('meanStd', 1, 0);
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (n === 1) return { mean, std: 0, n };
  const ss = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / (n - 1)), n };
}

export interface TInterval extends MeanStd {
  level: number;
  /** Degrees of freedom, n − 1. */
  df: number;
  /** The two-sided critical value t_{(1+level)/2, df}. */
  t: number;
  /** t · std / √n. */
  halfWidth: number;
  lower: number;
  upper: number;
}

/**
 * Student-t confidence interval of the mean: mean ± t_{(1+level)/2, n−1} · s/√n. Use it over
 * per-seed results. Needs at least 2 values (`LOSSES_METRICS_NOT_ENOUGH_VALUES`).
 */
export function tInterval(values: readonly number[], level = 0.95): TInterval {
  checkRange('level', level, { min: 0, max: 1, minOpen: true, maxOpen: true });
  checkAllFinite('values', values);
  if (values.length < 2) throw new LossesMetricsNotEnoughValuesError('a t-interval', 2, values.length);
  const ms = meanStd(values);
  const df = ms.n - 1;
  const t = studentTQuantile((1 + level) / 2, df);
  const halfWidth = (t * ms.std) / Math.sqrt(ms.n);
  return { ...ms, level, df, t, halfWidth, lower: ms.mean - halfWidth, upper: ms.mean + halfWidth };
}

/** The 95% Student-t interval of the mean (n = 10 uses t = 2.262). */
export function tInterval95(values: readonly number[]): TInterval {
  return tInterval(values, 0.95);
}
