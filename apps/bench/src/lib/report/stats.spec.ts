import { bootstrapInterval95, mean, seedInterval95 } from './stats.js';

describe('seed interval', () => {
  it('mean ± t(0.975, n−1)·s/√n, hand-computed for [1, 2, 3] (t = 4.303)', () => {
    expect(mean([1, 2, 3])).toBe(2);
    const i = seedInterval95([1, 2, 3]);
    const half = 4.3027 / Math.sqrt(3);
    expect(i.mean).toBe(2);
    expect(i.lo).toBeCloseTo(2 - half, 3);
    expect(i.hi).toBeCloseTo(2 + half, 3);
    expect(i.n).toBe(3);
  });

  it('has no interval for a single value, and no mean for none', () => {
    const i = seedInterval95([0.5]);
    expect(i.mean).toBe(0.5);
    expect(Number.isNaN(i.lo)).toBe(true);
    expect(Number.isNaN(seedInterval95([]).mean)).toBe(true);
  });
});

describe('paired bootstrap', () => {
  it('collapses to the value when every delta is equal', () => {
    const i = bootstrapInterval95([0.02, 0.02, 0.02], { resamples: 500 });
    expect(i.mean).toBeCloseTo(0.02, 12);
    expect(i.lo).toBeCloseTo(0.02, 12);
    expect(i.hi).toBeCloseTo(0.02, 12);
  });

  it('for deltas [0, 1] the resampled means are 0, ½, 1 with chances ¼, ½, ¼: CI = [0, 1]', () => {
    const i = bootstrapInterval95([0, 1], { resamples: 10_000, seed: 3 });
    expect(i.mean).toBe(0.5);
    expect(i.lo).toBe(0);
    expect(i.hi).toBe(1);
  });

  it('is seeded, uses 10,000 resamples by default, and handles no deltas', () => {
    const deltas = Array.from({ length: 50 }, (_, k) => ((k * 37) % 100) / 1000 - 0.03);
    expect(bootstrapInterval95(deltas, { seed: 7 })).toEqual(bootstrapInterval95(deltas, { seed: 7 }));
    expect(Number.isNaN(bootstrapInterval95([]).lo)).toBe(true);
  });
});
