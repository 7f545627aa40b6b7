import { hasErrorCode } from '@embedding-studio/errors';
import { pairedBootstrapCI, quantileSorted } from './bootstrap.js';
import { meanStd, tInterval, tInterval95 } from './intervals.js';
import { pairedDeltas, shareHurt, shareImproved } from './shares.js';
import { studentTCdf, studentTQuantile } from './student-t.js';

describe('Student t', () => {
  it.each([
    [1, 12.7062047362],
    [2, 4.3026527297],
    [4, 2.7764451052],
    [9, 2.2621571628],
    [29, 2.0452296421],
    [100, 1.9839715185],
    [1e6, 1.9599663],
  ])('two-sided 95%% critical value for df=%d', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 6);
  });

  it('CDF and quantile are inverse and symmetric', () => {
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(studentTQuantile(0.9, 7), 7)).toBeCloseTo(0.9, 10);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.2621571628, 6);
    expect(studentTQuantile(0.995, 9)).toBeCloseTo(3.2498355, 6);
  });
});

describe('meanStd / tInterval95', () => {
  it('uses the sample standard deviation and t(0.975, n−1)', () => {
    expect(meanStd([1, 2, 3, 4])).toEqual({ mean: 2.5, std: expect.closeTo(1.2909944487, 9) as number, n: 4 });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0, n: 1 });
    const values = [0.1, 0.3, 0.2, 0.5, 0.4, 0.0, 0.6, 0.2, 0.3, 0.4];
    const ci = tInterval95(values);
    expect(ci.t).toBeCloseTo(2.262, 3);
    expect(ci.df).toBe(9);
    expect(ci.mean).toBeCloseTo(0.3, 12);
    expect(ci.halfWidth).toBeCloseTo(0.1306057047, 8);
    expect(ci.lower).toBeCloseTo(0.3 - 0.1306057047, 8);
    expect(tInterval(values, 0.99).t).toBeCloseTo(3.2498355, 6);
  });

  it('refuses too few values with a coded error', () => {
    let caught: unknown;
    try {
      tInterval95([1]);
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, 'LOSSES_METRICS_NOT_ENOUGH_VALUES')).toBe(true);
    expect(() => meanStd([])).toThrow(/at least 1/);
  });
});

describe('pairedBootstrapCI', () => {
  const deltas = [0.05, -0.02, 0.1, 0, 0.03, 0.07, -0.01, 0.04, 0.02, 0.06, 0.08, -0.03];

  it('is deterministic under a seed and brackets the mean', () => {
    const a = pairedBootstrapCI(deltas, { seed: 7 });
    const b = pairedBootstrapCI(deltas, { seed: 7 });
    const c = pairedBootstrapCI(deltas, { seed: 8 });
    expect(a).toEqual(b);
    expect(c.lower).not.toBe(a.lower);
    expect(a.resamples).toBe(10_000);
    expect(a.mean).toBeCloseTo(0.39 / 12, 12);
    expect(a.lower).toBeLessThan(a.mean);
    expect(a.upper).toBeGreaterThan(a.mean);
    // close to the normal-theory interval: mean ± 1.96·s/√n (bootstrap uses the /n variance)
    const sd = Math.sqrt(deltas.reduce((s, x) => s + (x - a.mean) ** 2, 0) / deltas.length) / Math.sqrt(deltas.length);
    expect(a.lower).toBeCloseTo(a.mean - 1.96 * sd, 2);
    expect(a.upper).toBeCloseTo(a.mean + 1.96 * sd, 2);
  });

  it('collapses to the value when every delta is equal, narrows with level', () => {
    expect(pairedBootstrapCI([0.2, 0.2, 0.2], { seed: 1, resamples: 50 })).toMatchObject({ lower: expect.closeTo(0.2, 12) as number, upper: expect.closeTo(0.2, 12) as number });
    const wide = pairedBootstrapCI(deltas, { seed: 3, level: 0.99 });
    const narrow = pairedBootstrapCI(deltas, { seed: 3, level: 0.8 });
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
    expect(() => pairedBootstrapCI([], { seed: 1 })).toThrow(/at least 1/);
    expect(() => pairedBootstrapCI(deltas, { seed: 1, level: 1 })).toThrow(/level/);
  });

  it('quantileSorted interpolates linearly (type 7)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([10], 0.3)).toBe(10);
  });
});

describe('shares and paired deltas', () => {
  it('counts |Δ| > eps strictly', () => {
    const d = [0.02, 0.01, -0.01, -0.5, 0, 0.011];
    expect(shareImproved(d)).toBeCloseTo(2 / 6, 12);
    expect(shareHurt(d)).toBeCloseTo(1 / 6, 12);
    expect(shareImproved(d, 0)).toBeCloseTo(3 / 6, 12);
    expect(() => shareImproved([])).toThrow(/at least 1/);
  });

  it('aligns two per-query evaluations and refuses different query sets', () => {
    const sys = { q2: { ndcg10: 0.5 }, q1: { ndcg10: 0.75 } };
    const base = { q1: { ndcg10: 0.5 }, q2: { ndcg10: 0.5 } };
    expect(pairedDeltas(sys, base, 'ndcg10')).toEqual({ queryIds: ['q1', 'q2'], deltas: [0.25, 0] });
    expect(() => pairedDeltas(sys, { q1: { ndcg10: 0 } }, 'ndcg10')).toThrow(/only in system/);
    expect(() => pairedDeltas(sys, base, 'mrr10')).toThrow(/mrr10/);
  });
});
