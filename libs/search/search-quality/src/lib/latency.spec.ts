import { addLatency, emptySketch, latencyBin, LATENCY_BIN_GROWTH, mergeSketch, sketchQuantile } from './latency.js';

const exact = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1] as number;
};

describe('latency sketch', () => {
  it('answers percentiles within 1 % of the exact nearest-rank values', () => {
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const values = Array.from({ length: 5000 }, () => Math.exp(rnd() * 8) * 0.5); // 0.5 ms .. 1.5 s
    const s = emptySketch();
    for (const v of values) addLatency(s, v);
    for (const q of [0.5, 0.95, 0.99]) {
      const want = exact(values, q);
      expect(Math.abs((sketchQuantile(s, q) as number) - want) / want).toBeLessThan((LATENCY_BIN_GROWTH - 1) / (LATENCY_BIN_GROWTH + 1) + 0.001);
    }
  });

  it('merges bin by bin, and ignores values that are no latency', () => {
    const a = emptySketch();
    const b = emptySketch();
    addLatency(a, 5);
    addLatency(b, 5);
    addLatency(b, 500);
    addLatency(b, Number.NaN);
    addLatency(b, -1);
    mergeSketch(a, b);
    expect(a.count).toBe(3);
    expect(a.bins[String(latencyBin(5))]).toBe(2);
    expect(sketchQuantile(a, 0.99)).toBeCloseTo(500, -1);
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNull();
  });

  it('puts zero and tiny latencies in the lowest bin', () => {
    expect(latencyBin(0)).toBe(latencyBin(0.001));
    expect(latencyBin(1)).toBeLessThan(latencyBin(1.03));
  });
});
