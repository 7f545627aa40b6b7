// The statistics of a comparison: the sign test, the Wilson interval of a win rate, Newcombe's
// interval of a difference of two proportions, and the alpha-spending boundaries of the stopping rule.

/** Standard normal CDF (Abramowitz–Stegun 26.2.17 through erf; absolute error below 1e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs p in (0, 1), got ${p}`);
  const [a0, a1, a2, a3, a4, a5] = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const [b0, b1, b2, b3, b4] = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const [c0, c1, c2, c3, c4, c5] = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const [d0, d1, d2, d3] = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number => (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Exact two-sided sign test: the probability, with wins and losses equally likely, of a split at
 * least as uneven as `wins` : `losses` (ties excluded). 1 when there are no decisive queries.
 */
export function signTestPValue(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const m = Math.min(wins, losses);
  const logN = logFactorial(n) - n * Math.LN2;
  // P(X ≤ m) for X ~ Binomial(n, 1/2), summed from the term at m down (terms shrink away from the mode).
  let logTerm = logN - logFactorial(m) - logFactorial(n - m);
  let tail = 0;
  for (let x = m; x >= 0; x--) {
    tail += Math.exp(logTerm);
    logTerm += Math.log(x) - Math.log(n - x + 1);
  }
  return Math.min(1, 2 * tail);
}

/** Wilson score interval of a proportion `successes / n` at two-sided level `1 − alpha`. */
export function wilsonInterval(successes: number, n: number, alpha: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = normalQuantile(1 - alpha / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface ProportionDifference {
  /** `a − b`. */
  difference: number;
  /** Newcombe's hybrid score interval (from the two Wilson intervals) at level `1 − alpha`. */
  ci: [number, number];
  /** Two-sided p-value of the pooled two-proportion z-test; 1 when either sample is empty. */
  p_value: number;
}

/** Compares two proportions `aHits / aN` and `bHits / bN` (e.g. candidate and control CTR). */
export function proportionDifference(aHits: number, aN: number, bHits: number, bN: number, alpha: number): ProportionDifference {
  const pa = aN > 0 ? aHits / aN : 0;
  const pb = bN > 0 ? bHits / bN : 0;
  const difference = pa - pb;
  const [la, ua] = wilsonInterval(aHits, aN, alpha);
  const [lb, ub] = wilsonInterval(bHits, bN, alpha);
  const ci: [number, number] = [difference - Math.sqrt((pa - la) ** 2 + (ub - pb) ** 2), difference + Math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)];
  let p_value = 1;
  if (aN > 0 && bN > 0) {
    const pooled = (aHits + bHits) / (aN + bN);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / aN + 1 / bN));
    p_value = se > 0 ? Math.min(1, 2 * (1 - normalCdf(Math.abs(difference) / se))) : 1;
  }
  return { difference, ci, p_value };
}

/** Share of `alpha` each interim look may spend (Haybittle–Peto style: only overwhelming evidence stops early). */
export const INTERIM_ALPHA_SHARE = 1 / 50;

export interface Look {
  /** Queries the look reads (the first `queries` of the comparison, in search order). */
  queries: number;
  /** Nominal level of this look's test. */
  level: number;
}

/**
 * The looks of the stopping rule: interim looks at `min_queries` and each doubling below
 * `max_queries`, each at level `alpha / 50`, then the final look at `max_queries` at the alpha
 * left. The levels sum to `alpha`, so the chance of any false rejection is at most `alpha` (a
 * union bound, whatever the correlation between looks), and because the interim levels are
 * small the final look keeps almost all of the power of a fixed-horizon test.
 */
export function looks(minQueries: number, maxQueries: number, alpha: number): Look[] {
  const interim: Look[] = [];
  for (let n = minQueries; n < maxQueries; n *= 2) interim.push({ queries: n, level: alpha * INTERIM_ALPHA_SHARE });
  return [...interim, { queries: maxQueries, level: alpha - interim.length * alpha * INTERIM_ALPHA_SHARE }];
}
