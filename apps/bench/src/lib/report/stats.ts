import { pairedBootstrapCI, tInterval95 } from '@embedding-studio/losses-metrics';

/** A mean with a two-sided 95% interval. `lo`/`hi` are NaN when it cannot be computed. */
export interface Interval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/**
 * mean ± t(0.975, n−1)·s/√n over independent replicates (seeds), from losses-metrics; with
 * fewer than two values there is no interval (NaN bounds), only the mean.
 */
export function seedInterval95(values: readonly number[]): Interval {
  if (values.length < 2) return { mean: mean(values), lo: Number.NaN, hi: Number.NaN, n: values.length };
  const t = tInterval95(values);
  return { mean: t.mean, lo: t.lower, hi: t.upper, n: t.n };
}

/**
 * 95% paired bootstrap CI of the mean per-query delta (10,000 resamples by default), seeded,
 * from losses-metrics. No values → NaN.
 */
export function bootstrapInterval95(deltas: readonly number[], options: { resamples?: number; seed?: number | string } = {}): Interval {
  if (deltas.length === 0) return { mean: Number.NaN, lo: Number.NaN, hi: Number.NaN, n: 0 };
  const b = pairedBootstrapCI(deltas, { resamples: options.resamples ?? 10_000, seed: options.seed ?? 'bench-bootstrap' });
  return { mean: b.mean, lo: b.lower, hi: b.upper, n: b.n };
}
