import { fillNormal } from './init.js';

describe('fillNormal', () => {
  it('is reproducible per seed and has the requested mean and spread', () => {
    const a = fillNormal(new Float32Array(200_001), 'table', 0.5);
    // Compare bytes (toEqual on 200k-element arrays is slow).
    const bytes = (x: Float32Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    expect(bytes(fillNormal(new Float32Array(200_001), 'table', 0.5)).equals(bytes(a))).toBe(true);
    expect(bytes(fillNormal(new Float32Array(200_001), 'other', 0.5)).equals(bytes(a))).toBe(false);
    let sum = 0;
    let sq = 0;
    let within1Sd = 0;
    for (const v of a) {
      sum += v;
      sq += v * v;
      if (Math.abs(v) < 0.5) within1Sd++;
    }
    const mean = sum / a.length;
    expect(Math.abs(mean)).toBeLessThan(0.005); // 4 standard errors (0.5 / sqrt(2e5) ≈ 0.0011)
    expect(Math.sqrt(sq / a.length - mean * mean)).toBeCloseTo(0.5, 2);
    expect(within1Sd / a.length).toBeCloseTo(0.6827, 2); // normal, not uniform (0.577 for a matching uniform)
    expect(a[200_000]).not.toBe(0); // odd length: the last entry is filled too
  });
});
