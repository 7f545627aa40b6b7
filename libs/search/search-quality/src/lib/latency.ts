// A mergeable latency sketch: counts in fixed, log-spaced bins, so hourly sketches add up to a
// day's (or a month's) and percentiles come out within about 1 % of the exact values.

/** Ratio between the upper and lower edge of a bin. */
export const LATENCY_BIN_GROWTH = 1.02;
/** Latencies at or below this (ms) share the lowest bin. */
const MIN_MS = 0.01;
const LOG_GROWTH = Math.log(LATENCY_BIN_GROWTH);
const MIN_BIN = Math.ceil(Math.log(MIN_MS) / LOG_GROWTH);

/** Bin index → count. Bin `i` holds latencies in (growth^(i-1), growth^i] ms. */
export interface LatencySketch {
  count: number;
  bins: Record<string, number>;
}

export function emptySketch(): LatencySketch {
  return { count: 0, bins: {} };
}

/** The bin of a latency (ms). */
export function latencyBin(ms: number): number {
  if (!(ms > MIN_MS)) return MIN_BIN;
  return Math.max(MIN_BIN, Math.ceil(Math.log(ms) / LOG_GROWTH - 1e-9));
}

/** Adds one latency (ms) to `sketch` in place; non-finite or negative values are ignored. */
export function addLatency(sketch: LatencySketch, ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  const key = String(latencyBin(ms));
  sketch.bins[key] = (sketch.bins[key] ?? 0) + 1;
  sketch.count += 1;
}

/** Adds `other` into `into` in place. */
export function mergeSketch(into: LatencySketch, other: LatencySketch): void {
  for (const [k, n] of Object.entries(other.bins)) into.bins[k] = (into.bins[k] ?? 0) + n;
  into.count += other.count;
}

/**
 * The nearest-rank `q`-quantile (0 < q ≤ 1) of the sketch, as the value of its bin that is
 * closest in ratio to every value the bin holds; null when empty.
 */
export function sketchQuantile(sketch: LatencySketch, q: number): number | null {
  if (sketch.count === 0) return null;
  const target = Math.max(1, Math.ceil(q * sketch.count));
  const bins = Object.entries(sketch.bins)
    .map(([k, n]) => [Number(k), n] as const)
    .sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [bin, n] of bins) {
    seen += n;
    if (seen >= target) {
      const upper = Math.exp(bin * LOG_GROWTH);
      return Math.round(((2 * upper) / (1 + LATENCY_BIN_GROWTH)) * 100) / 100;
    }
  }
  return null;
}
