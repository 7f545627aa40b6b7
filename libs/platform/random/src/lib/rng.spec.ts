import { createRng, sampleWithoutReplacement, seedFrom, shuffle } from './rng.js';

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('accepts string seeds', () => {
    expect(createRng('run-1').next()).toBe(createRng(seedFrom('run-1')).next());
  });

  it('int() is roughly uniform and rejects bad n', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(1.5)).toThrow(RangeError);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('shuffle / sampleWithoutReplacement', () => {
  it('shuffle is a permutation and leaves the input alone', () => {
    const input = [1, 2, 3, 4, 5, 6];
    const out = shuffle(input, createRng(3));
    expect([...out].sort()).toEqual(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('samples distinct positions, never more than exist', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 200; trial++) {
      const s = sampleWithoutReplacement([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4, rng);
      expect(new Set(s).size).toBe(4);
    }
    expect(sampleWithoutReplacement(['a', 'b'], 5, rng).sort()).toEqual(['a', 'b']);
    expect(sampleWithoutReplacement(['a'], 0, rng)).toEqual([]);
    expect(() => sampleWithoutReplacement(['a'], -1, rng)).toThrow(RangeError);
  });
});
