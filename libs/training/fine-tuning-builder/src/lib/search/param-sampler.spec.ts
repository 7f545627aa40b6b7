import type { HyperParams, SearchSpace } from '../plan/training-plan.js';
import { createRandomSampler, createTpeSampler, type TrialObservation } from './param-sampler.js';

const space: SearchSpace = {
  learningRate: { type: 'loguniform', low: 1e-4, high: 1e-1 },
  margin: { type: 'uniform', low: 0, high: 1 },
  batchSize: { type: 'choice', values: [8, 16, 32] },
  epochs: { type: 'int', low: 1, high: 4 },
};

const objective = (p: HyperParams): number => -(((p.margin as number) - 0.3) ** 2);

function run(sampler: ReturnType<typeof createTpeSampler>, n: number, fail?: (i: number) => boolean): TrialObservation[] {
  const history: TrialObservation[] = [];
  for (let i = 0; i < n; i++) {
    const { params } = sampler.suggest(history);
    history.push(fail?.(i) ? { params, status: 'failed', value: null } : { params, status: 'succeeded', value: objective(params) });
  }
  return history;
}

describe('random search', () => {
  it('is seeded and stays inside every dimension', () => {
    const a = createRandomSampler(space, { seed: 3, mode: 'max' });
    const b = createRandomSampler(space, { seed: 3, mode: 'max' });
    const draws = Array.from({ length: 200 }, () => a.suggest([]).params as Record<string, number>);
    expect(Array.from({ length: 200 }, () => b.suggest([]).params)).toEqual(draws);
    for (const d of draws) {
      expect(d['learningRate']).toBeGreaterThanOrEqual(1e-4);
      expect(d['learningRate']).toBeLessThanOrEqual(1e-1);
      expect([8, 16, 32]).toContain(d['batchSize']);
      expect(Number.isInteger(d['epochs']) && (d['epochs'] as number) >= 1 && (d['epochs'] as number) <= 4).toBe(true);
    }
    // Log-uniform: about a third of the draws below 1e-3.
    const small = draws.filter((d) => (d['learningRate'] as number) < 1e-3).length;
    expect(small).toBeGreaterThan(40);
    expect(small).toBeLessThan(95);
    expect(createRandomSampler(space, { seed: 4, mode: 'max' }).suggest([]).params).not.toEqual(draws[0]);
  });
});

describe('TPE', () => {
  const tpe = (seed: number) => createTpeSampler({ space, initialMaxEvals: 8, gamma: 0.25, candidates: 24 }, { seed, mode: 'max' });

  it('is seeded: same seed and history, same suggestions', () => {
    expect(run(tpe(11), 30)).toEqual(run(tpe(11), 30));
    expect(run(tpe(11), 30)).not.toEqual(run(tpe(12), 30));
  });

  it('draws at random first, then models the good region', () => {
    const sampler = tpe(5);
    const history: TrialObservation[] = [];
    const origins: string[] = [];
    for (let i = 0; i < 40; i++) {
      const s = sampler.suggest(history);
      origins.push(s.origin);
      history.push({ params: s.params, status: 'succeeded', value: objective(s.params) });
    }
    expect(origins.slice(0, 8).every((o) => o === 'random')).toBe(true);
    expect(origins.slice(8).every((o) => o === 'tpe')).toBe(true);
    const dist = (h: TrialObservation[]) => h.reduce((s, o) => s + Math.abs(((o.params as Record<string, number>)['margin'] as number) - 0.3), 0) / h.length;
    // Later TPE suggestions sit much closer to the optimum than the random start.
    expect(dist(history.slice(25))).toBeLessThan(dist(history.slice(0, 8)) * 0.6);
  });

  it('leaves failed trials out of the model instead of scoring them as 0', () => {
    // The same successes, with and without interleaved failures, give the same TPE suggestion
    // once both histories are past the random start.
    const ok: TrialObservation[] = run(tpe(21), 12);
    const withFailures: TrialObservation[] = [...ok, { params: { margin: 0.3, learningRate: 0.01, batchSize: 8, epochs: 2 }, status: 'failed', value: null }];
    const a = tpe(99).suggest(ok);
    const b = tpe(99).suggest(withFailures);
    expect(b).toEqual(a);
    // A failure scored as quality 0 would be the best value here (all real values are < 0) and pull TPE to it.
    const zeroScored = [...ok, { params: { margin: 0.95, learningRate: 0.01, batchSize: 8, epochs: 2 }, status: 'succeeded' as const, value: 0 }];
    expect(tpe(99).suggest(zeroScored)).not.toEqual(a);
  });

  it('falls back to random draws while fewer than two trials succeeded', () => {
    const history: TrialObservation[] = Array.from({ length: 10 }, () => ({ params: { margin: 0.5 }, status: 'failed' as const, value: null }));
    expect(tpe(1).suggest(history).origin).toBe('random');
  });
});
