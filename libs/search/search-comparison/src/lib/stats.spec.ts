import { looks, normalCdf, normalQuantile, proportionDifference, signTestPValue, wilsonInterval } from './stats.js';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('signTestPValue', () => {
  it('is the exact two-sided binomial tail', () => {
    // 9 of 10: P(X ≥ 9) = 11/1024, doubled.
    expect(signTestPValue(9, 1)).toBeCloseTo(22 / 1024, 10);
    expect(signTestPValue(1, 9)).toBeCloseTo(22 / 1024, 10);
    expect(signTestPValue(5, 5)).toBe(1);
    expect(signTestPValue(0, 0)).toBe(1);
    // 60 of 100: 0.05689 (R: binom.test(60, 100)$p.value).
    expect(signTestPValue(60, 40)).toBeCloseTo(0.05689, 4);
  });

  it('stays finite for thousands of queries', () => {
    const p = signTestPValue(2600, 2400);
    expect(p).toBeGreaterThan(0.004);
    expect(p).toBeLessThan(0.006);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook interval and stays inside [0, 1]', () => {
    const [lo, hi] = wilsonInterval(60, 100, 0.05);
    expect(lo).toBeCloseTo(0.502, 3);
    expect(hi).toBeCloseTo(0.6906, 3);
    expect(wilsonInterval(0, 10, 0.05)[0]).toBe(0);
    expect(wilsonInterval(10, 10, 0.05)[1]).toBe(1);
    expect(wilsonInterval(0, 0, 0.05)).toEqual([0, 1]);
  });
});

describe('proportionDifference', () => {
  it('gives Newcombe’s interval and the pooled z-test', () => {
    // Newcombe (1998), example (a): 56/70 vs 48/80 → difference 0.2, interval 0.0524 to 0.3339.
    const d = proportionDifference(56, 70, 48, 80, 0.05);
    expect(d.difference).toBeCloseTo(0.2, 10);
    expect(d.ci[0]).toBeCloseTo(0.0524, 3);
    expect(d.ci[1]).toBeCloseTo(0.3339, 3);
    expect(d.p_value).toBeLessThan(0.01);
    expect(proportionDifference(0, 0, 1, 2, 0.05).p_value).toBe(1);
  });
});

describe('looks', () => {
  it('spends alpha/50 at each interim look and the rest at max_queries, alpha in total', () => {
    const l = looks(200, 5000, 0.05);
    expect(l.map((x) => x.queries)).toEqual([200, 400, 800, 1600, 3200, 5000]);
    expect(l.slice(0, 5).every((x) => x.level === 0.001)).toBe(true);
    expect(l.reduce((s, x) => s + x.level, 0)).toBeCloseTo(0.05, 12);
    expect(looks(100, 100, 0.05)).toEqual([{ queries: 100, level: 0.05 }]);
  });
});
