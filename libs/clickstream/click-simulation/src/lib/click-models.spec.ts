import { createRng } from '@embedding-studio/random';
import {
  CLICK_SETTINGS,
  clickProbabilities,
  inversePropensityWeight,
  pbmExamination,
  simulateClicks,
} from './click-models.js';
import type { PbmParams, UniformSource } from './click-models.js';

/** Returns the scripted values in order and records how many were drawn. */
function scripted(values: number[]): UniformSource & { used: () => number } {
  let i = 0;
  return {
    next: () => {
      if (i >= values.length) throw new Error(`draw ${i + 1} not scripted`);
      return values[i++] as number;
    },
    used: () => i,
  };
}

const S1 = CLICK_SETTINGS.S1 as PbmParams;
const S2 = CLICK_SETTINGS.S2 as PbmParams;

describe('examination curve', () => {
  it('S1 is the protocol table (η = 1), zero beyond rank 10', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((r) => pbmExamination(S1, r))).toEqual([0.68, 0.61, 0.48, 0.34, 0.28, 0.2, 0.11, 0.1, 0.08, 0.06]);
    expect(pbmExamination(S1, 11)).toBe(0);
  });

  it('S2 raises the table to η = 2', () => {
    expect(pbmExamination(S2, 1)).toBeCloseTo(0.4624, 12);
    expect(pbmExamination(S2, 4)).toBeCloseTo(0.1156, 12);
    expect(pbmExamination(S2, 10)).toBeCloseTo(0.0036, 12);
  });

  it('inverse-propensity weight under S1 is exam(1)/exam(r)', () => {
    expect(inversePropensityWeight(S1, 1)).toBe(1);
    expect(inversePropensityWeight(S1, 4)).toBeCloseTo(2, 12);
    expect(inversePropensityWeight(S1, 10)).toBeCloseTo(0.68 / 0.06, 12);
    expect(() => inversePropensityWeight(S1, 11)).toThrow(/never examined/);
  });
});

describe('PBM with scripted draws', () => {
  it('clicks where examined and attracted, drawing exactly two numbers per position', () => {
    // rank 1 relevant: exam 0.67 < 0.68 yes, attract 0.99 < 1.0 yes → click
    // rank 2 non-rel:  exam 0.60 < 0.61 yes, attract 0.10 < 0.1 no  → none
    // rank 3 non-rel:  exam 0.10 yes,         attract 0.09 < 0.1 yes → click
    // rank 4 relevant: exam 0.34 < 0.34 no  (attract drawn anyway)   → none
    const rng = scripted([0.67, 0.99, 0.6, 0.1, 0.1, 0.09, 0.34, 0.0]);
    expect(simulateClicks(S1, [true, false, false, true], rng)).toEqual([0, 2]);
    expect(rng.used()).toBe(8);
  });

  it('S2 uses the squared examination and 0.8 / 0.2 attraction', () => {
    // rank 1 relevant: exam 0.47 ≥ 0.4624 → not examined; rank 2 relevant: 0.37 < 0.3721, attract 0.79 < 0.8 → click
    const rng = scripted([0.47, 0.0, 0.37, 0.79]);
    expect(simulateClicks(S2, [true, true], rng)).toEqual([1]);
    // non-relevant: attraction 0.2 exactly is not a click
    expect(simulateClicks(S2, [false], scripted([0.0, 0.2]))).toEqual([]);
    expect(simulateClicks(S2, [false], scripted([0.0, 0.19]))).toEqual([0]);
  });
});

describe('DCM (S3) with scripted draws', () => {
  const S3 = CLICK_SETTINGS.S3;

  it('stops after a click when the stop draw is below P(stop)', () => {
    // rank 1 relevant: click 0.5 < 0.9, stop 0.4 < 0.5 → stop; nothing else drawn
    const rng = scripted([0.5, 0.4]);
    expect(simulateClicks(S3, [true, true, true], rng)).toEqual([0]);
    expect(rng.used()).toBe(2);
  });

  it('continues after a click when the stop draw is above P(stop), and draws no stop without a click', () => {
    // r1 rel: click 0.5, stop 0.6 ≥ 0.5 → continue; r2 non-rel: 0.45 ≥ 0.4 no click (no stop draw);
    // r3 non-rel: click 0.3 < 0.4, stop 0.05 < 0.1 → stop
    const rng = scripted([0.5, 0.6, 0.45, 0.3, 0.05]);
    expect(simulateClicks(S3, [true, false, false, true], rng)).toEqual([0, 2]);
    expect(rng.used()).toBe(5);
  });

  it('scans to the end of the list when never stopped', () => {
    const rng = scripted([0.95, 0.95, 0.95]);
    expect(simulateClicks(S3, [true, true, true], rng)).toEqual([]);
    expect(rng.used()).toBe(3);
  });
});

describe('closed-form click probabilities', () => {
  it('PBM: exam(r)^η × attraction', () => {
    const p = clickProbabilities(S1, [true, false, true]);
    expect(p[0]).toBeCloseTo(0.68, 12);
    expect(p[1]).toBeCloseTo(0.061, 12);
    expect(p[2]).toBeCloseTo(0.48, 12);
    const q = clickProbabilities(S2, [true, false]);
    expect(q[0]).toBeCloseTo(0.4624 * 0.8, 12);
    expect(q[1]).toBeCloseTo(0.3721 * 0.2, 12);
  });

  it('DCM: reach × attraction, reach shrinking by P(click)·P(stop)', () => {
    const p = clickProbabilities(CLICK_SETTINGS.S3, [true, true, false]);
    expect(p[0]).toBeCloseTo(0.9, 12);
    expect(p[1]).toBeCloseTo(0.55 * 0.9, 12);
    expect(p[2]).toBeCloseTo(0.55 * 0.55 * 0.4, 12);
  });

  it.each(['S1', 'S2', 'S3'] as const)('%s: simulated click rates match the closed form', (id) => {
    const params = CLICK_SETTINGS[id];
    const relevant = [false, true, false, false, true, false, false, false, true, false];
    const expected = clickProbabilities(params, relevant);
    const rng = createRng(42);
    const n = 100_000;
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) for (const c of simulateClicks(params, relevant, rng)) counts[c] = (counts[c] as number) + 1;
    counts.forEach((c, i) => expect(Math.abs(c / n - (expected[i] as number))).toBeLessThan(0.006));
  });
});
