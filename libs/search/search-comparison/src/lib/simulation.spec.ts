// Done-when simulations: a ranker known to be better is detected, and identical rankers are
// declared different about as often as alpha says (the false-positive rate).
import { createRng, type Rng } from '@embedding-studio/random';
import { judge } from './credit.js';
import { assignSearch, teamDraft } from './interleave.js';
import type { Outcome } from './model.js';

const EXAMINATION = [0.68, 0.61, 0.48, 0.34, 0.28, 0.2, 0.11, 0.1, 0.08, 0.06];
const DOCS = 20;
const K = 10;

/** A ranking of `DOCS` items by relevance plus Gaussian noise of `noise` (smaller is better). */
function rank(relevance: readonly number[], noise: number, rng: Rng): string[] {
  return relevance
    .map((r, i) => ({ id: `d${i}`, s: r + noise * rng.normal() }))
    .sort((a, b) => b.s - a.s)
    .slice(0, K)
    .map((x) => x.id);
}

/** One comparison run: `queries` interleaved searches with position-biased clicks. */
function runComparison(seed: number, controlNoise: number, candidateNoise: number, options: { min: number; max: number; alpha: number }): ReturnType<typeof judge> {
  const rng = createRng(seed);
  const outcomes: Outcome[] = [];
  const comparison = { id: `sim-${seed}`, method: 'interleaving' as const, share: 1 };
  for (let q = 0; q < options.max; q++) {
    const relevance = Array.from({ length: DOCS }, () => (rng.next() < 0.2 ? 1 : 0.05));
    const noiseRng = rng.fork();
    const control = rank(relevance, controlNoise, noiseRng);
    // Identical rankers: the very same list; otherwise an independent draw of the candidate's noise.
    const candidate = candidateNoise === controlNoise ? control : rank(relevance, candidateNoise, noiseRng);
    const a = assignSearch(comparison, `q${q}`);
    if (a.kind !== 'interleaving') throw new Error('share 1 must assign every search');
    const shown = teamDraft(control, candidate, K, a.rng);
    const score = { control: 0, candidate: 0 };
    shown.ids.forEach((id, i) => {
      const rel = relevance[Number(id.slice(1))] as number;
      if (rng.next() < (EXAMINATION[i] as number) * rel) score[shown.teams[i] as 'control' | 'candidate']++;
    });
    outcomes.push({ method: 'interleaving', winner: score.candidate > score.control ? 'candidate' : score.control > score.candidate ? 'control' : 'tie' });
  }
  return judge({ alpha: options.alpha, min_queries: options.min, max_queries: options.max }, outcomes);
}

describe('interleaving simulation', () => {
  it('detects a ranker known to be better: the win-rate CI excludes 0.5 and the candidate is decided', () => {
    const verdict = runComparison(7, 1.0, 0.3, { min: 200, max: 2000, alpha: 0.05 });
    expect(verdict.decision).toBe('candidate');
    expect(verdict.counts.ci).not.toBeNull();
    expect(verdict.counts.ci?.[0]).toBeGreaterThan(0.5);
    expect(verdict.counts.win_rate).toBeGreaterThan(0.5);
  });

  it('detects the worse side too: a candidate noisier than the control loses', () => {
    const verdict = runComparison(8, 0.3, 1.0, { min: 200, max: 2000, alpha: 0.05 });
    expect(verdict.decision).toBe('control');
    expect(verdict.counts.ci?.[1]).toBeLessThan(0.5);
  });

  it('with identical rankers, the false-positive rate over 500 runs is near alpha (within a binomial band)', () => {
    const runs = 500;
    const alpha = 0.05;
    let rejections = 0;
    for (let r = 0; r < runs; r++) if (runComparison(1000 + r, 0.5, 0.5, { min: 100, max: 600, alpha }).decision !== 'no_difference') rejections++;
    const rate = rejections / runs;
    // The rule's true rate is at most alpha (levels summing to alpha, a union bound, an exact
    // test); 3 binomial standard deviations around alpha bound what 500 runs may show.
    const band = 3 * Math.sqrt((alpha * (1 - alpha)) / runs);
    expect(rate).toBeGreaterThan(alpha - band);
    expect(rate).toBeLessThan(alpha + band);
    process.stdout.write(`false-positive rate over ${runs} runs at alpha ${alpha}: ${rate.toFixed(4)} (${rejections} rejections)\n`);
  });
});
