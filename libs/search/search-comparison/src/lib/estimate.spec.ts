// The IPS estimate against a simulated position-based click log whose ground truth is known.
import { createRng } from '@embedding-studio/random';
import { estimatePropensities, ipsEstimate, type EstimateSearch } from './estimate.js';

const EXAM = [1, 0.7, 0.5, 0.35, 0.25, 0.18, 0.12, 0.08];
const K = EXAM.length;

/** A log whose ranker shows items in random order; users click with probability exam(rank) · relevance. */
function simulate(searches: number, order: (relevance: number[]) => number[], seed = 3) {
  const rng = createRng(seed);
  const log: EstimateSearch[] = [];
  let trueCandidateClicks = 0;
  for (let q = 0; q < searches; q++) {
    const relevance = Array.from({ length: K }, () => (rng.next() < 0.3 ? 0.9 : 0.05));
    const shownIdx = Array.from({ length: K }, (_, i) => i);
    for (let i = K - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shownIdx[i], shownIdx[j]] = [shownIdx[j] as number, shownIdx[i] as number];
    }
    const clicked = new Set<string>();
    shownIdx.forEach((item, r) => {
      if (rng.next() < (EXAM[r] as number) * (relevance[item] as number)) clicked.add(`d${item}`);
    });
    const candidateIdx = order(relevance);
    candidateIdx.forEach((item, r) => (trueCandidateClicks += (EXAM[r] as number) * (relevance[item] as number)));
    log.push({ shown: shownIdx.map((i) => `d${i}`), clicked, candidate: candidateIdx.map((i) => `d${i}`) });
  }
  return { log, truth: trueCandidateClicks / searches };
}

const byRelevance = (relevance: number[]) => relevance.map((r, i) => ({ r, i })).sort((a, b) => b.r - a.r || a.i - b.i).map((x) => x.i);
const reversed = (relevance: number[]) => byRelevance(relevance).reverse();

describe('estimatePropensities', () => {
  it('recovers the examination curve from a log whose ranker is uninformative', () => {
    const { log } = simulate(6000, byRelevance);
    const p = estimatePropensities(log);
    p.forEach((x, i) => expect(x).toBeCloseTo(EXAM[i] as number, 1));
  });

  it('is non-increasing and floored even where the log says otherwise', () => {
    const log = [{ shown: ['a', 'b', 'c'], clicked: new Set(['b']) }];
    const p = estimatePropensities(log, 0.2);
    expect(p[0]).toBe(1);
    expect(p[1]).toBe(1);
    expect(estimatePropensities([{ shown: ['a', 'b'], clicked: new Set(['a']) }], 0.6)).toEqual([1, 0.6]);
  });
});

describe('ipsEstimate', () => {
  it('estimates a better ranking’s clicks close to the truth, with a CI that holds it, and calls it worth testing', () => {
    const { log, truth } = simulate(4000, byRelevance);
    const e = ipsEstimate(log, { seed: 's', resamples: 300 });
    expect(e.sessions).toBe(4000);
    expect(e.candidate.ctr).toBeGreaterThan(e.control.ctr);
    expect(Math.abs(e.candidate.ctr - truth) / truth).toBeLessThan(0.08);
    expect(e.candidate.ci[0]).toBeLessThan(e.candidate.ctr);
    expect(e.candidate.ci[1]).toBeGreaterThan(e.candidate.ctr);
    expect(e.candidate.mrr).toBeGreaterThan(e.control.mrr);
    expect(e.lift).toBeCloseTo(e.candidate.ctr / e.control.ctr - 1, 12);
    expect(e.worth_testing).toBe(true);
  });

  it('estimates a worse ranking lower and says it is not worth testing', () => {
    const { log, truth } = simulate(4000, reversed);
    const e = ipsEstimate(log, { seed: 's', resamples: 300 });
    expect(e.candidate.ctr).toBeLessThan(e.control.ctr);
    expect(Math.abs(e.candidate.ctr - truth) / truth).toBeLessThan(0.15);
    expect(e.worth_testing).toBe(false);
  });

  it('gives the same answer for the same seed, and the observed values for the logged order', () => {
    const { log } = simulate(300, byRelevance);
    expect(ipsEstimate(log, { seed: 'x', resamples: 100 })).toEqual(ipsEstimate(log, { seed: 'x', resamples: 100 }));
    const logged = log.map((s) => ({ ...s, candidate: s.shown }));
    const e = ipsEstimate(logged, { seed: 'x', resamples: 100 });
    expect(e.candidate.ctr).toBeCloseTo(e.control.ctr, 12);
    expect(e.lift).toBeCloseTo(0, 12);
  });
});
