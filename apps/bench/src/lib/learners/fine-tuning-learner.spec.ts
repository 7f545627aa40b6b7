import * as tf from '@tensorflow/tfjs';
import type { RankingExample } from '@embedding-studio/data-loaders';
import { aSession } from '@embedding-studio/data-loaders/testing';
import { clickDataset } from '../training/examples.js';
import { searchTopK } from '../vectors/exact-search.js';
import { createVectorTable } from '../vectors/vector-table.js';
import type { ValidationSet } from './learner.js';
import { createFineTuningLearner, learnerPlan, resolveLearnerOptions, toTrainingExamples, validationExamples } from './fine-tuning-learner.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const items = () => createVectorTable(['e1', 'e2', 'e3', 'e4'], Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), 4);
// alpha is closest to e1 but users click e2; beta is closest to e3 but users click e4
const queries = () => createVectorTable(['alpha', 'beta'], Float32Array.from([1, 0.3, 0, 0, 0, 0, 1, 0.3]), 4);

function example(query: string, positives: Array<[string, number]>, negatives: string[]): RankingExample {
  return {
    exampleId: query,
    sessionId: query,
    query,
    positives: positives.map(([id, weight], i) => ({ id, rank: i + 1, position: i + 1, weight })),
    negatives: negatives.map((id, i) => ({ id, rank: 10 + i, position: 10 + i })),
    irrelevant: false,
    irrelevance: null,
  };
}

describe('data-loaders → fine-tuning-builder examples', () => {
  it('keeps clicked/not-clicked ids, prefixes query ids, splits an example whose positives weigh differently', () => {
    expect(
      toTrainingExamples([
        example('alpha', [['e2', 1], ['e3', 1]], ['e1']),
        example('beta', [['e4', 2], ['e1', 0.5]], ['e3']),
      ]),
    ).toEqual([
      { queryId: 'c:alpha', positives: ['e2', 'e3'], negatives: ['e1'] },
      { queryId: 'c:beta', positives: ['e4'], negatives: ['e3'], weight: 2 },
      { queryId: 'c:beta', positives: ['e1'], negatives: ['e3'], weight: 0.5 },
    ]);
  });

  it('dev queries: judged docs are positives, the other candidates negatives; queries without a known relevant doc are left out', () => {
    const v: ValidationSet = {
      queries: createVectorTable(['q1', 'q2'], Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0]), 4),
      relevant: new Map([
        ['q1', new Set(['e3', 'e1'])],
        ['q2', new Set(['zzz'])],
      ]),
      candidates: new Map([
        ['q1', ['e1', 'e2', 'e4', 'unknown']],
        ['q2', ['e1']],
      ]),
    };
    expect(validationExamples(v, items())).toEqual([{ queryId: 'v:q1', positives: ['e1', 'e3'], negatives: ['e2', 'e4'] }]);
  });

  it('plans a seeded query-side linear adapter that never keeps the starting weights', () => {
    const o = resolveLearnerOptions({ loss: 'prob-margin', margin: 0.2, freezeBias: true });
    const plan = learnerPlan(o, 42, 'validation');
    expect(plan).toMatchObject({
      model: { kind: 'linear-adapter', side: 'query' },
      loss: { kind: 'prob-margin', margin: 0.2 },
      optimizer: { kind: 'adam', learningRate: 5e-4, weightDecay: 0 },
      epochs: 12,
      batchSize: 128,
      maxNegatives: 9,
      evaluation: { baseline: false, ndcgK: 10, mainMetric: { name: 'test_ndcg@10', mode: 'max' } },
      earlyStopping: { metric: 'test_ndcg@10', patience: 2 },
      frozen: ['bias'],
      seed: 42,
    });
    expect(learnerPlan(o, 1, 'test').evaluation.mainMetric.name).toBe('test_not_irrelevant_dist_shift');
    expect(() => resolveLearnerOptions({ learningRate: 0 })).toThrow(expect.objectContaining({ code: 'BENCH_INVALID_ARGUMENT' }));
    expect(() => resolveLearnerOptions({ epochs: 1.5 })).toThrow(/epochs/);
    expect(() => resolveLearnerOptions({ weightDecay: -1 })).toThrow(/weightDecay/);
  });
});

describe('createFineTuningLearner', () => {
  const sessions = () =>
    Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? aSession({ id: `a${i}`, query: 'alpha', results: ['e1', 'e2', 'e3'], clicks: ['e2'] })
        : aSession({ id: `b${i}`, query: 'beta', results: ['e3', 'e4', 'e1'], clicks: ['e4'] }),
    );

  it('learns from the click log (through data-loaders) to rank the clicked item first; dev picks the epoch', async () => {
    const it_ = items();
    const q = queries();
    expect(searchTopK(q, it_, 1).get('alpha')?.[0]?.id).toBe('e1');
    const dataset = await clickDataset(sessions(), it_, { seed: 1 });
    expect(dataset.train.examples).toHaveLength(8);
    const validation: ValidationSet = {
      queries: createVectorTable(['dev-alpha'], Float32Array.from([1, 0.25, 0, 0]), 4),
      relevant: new Map([['dev-alpha', new Set(['e2'])]]),
      candidates: new Map([['dev-alpha', ['e1', 'e2', 'e3', 'e4']]]),
    };
    const learner = createFineTuningLearner({ epochs: 30, batchSize: 4, learningRate: 0.05, patience: 30 });
    const epochs: number[] = [];
    const before = tf.memory().numTensors;
    const adapter = await learner.train(
      { train: dataset.train, test: dataset.test, items: it_, queries: q },
      { seed: 3, validation, onEpochEnd: (e) => epochs.push(e.epoch) },
    );
    const after = searchTopK(adapter.apply(q), it_, 1);
    expect(after.get('alpha')?.[0]?.id).toBe('e2');
    expect(after.get('beta')?.[0]?.id).toBe('e4');
    expect(searchTopK(adapter.apply(validation.queries), it_, 1).get('dev-alpha')?.[0]?.id).toBe('e2');
    expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(adapter.summary).toMatchObject({ epochsRun: 30, pairs: 8, skipped: 0, bestValidation: 1, selectedBy: 'test_ndcg@10 (dev queries)' });
    // the kept epoch is the first one that reached the best dev score
    const firstBest = adapter.summary.history.find((h) => h.validation === 1)?.epoch;
    expect(adapter.summary.bestEpoch).toBe(firstBest);
    expect(adapter.summary.bestEpoch).toBeGreaterThanOrEqual(1);
    adapter.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips examples whose query it may not look up, and is deterministic for a seed', async () => {
    const it_ = items();
    const extra = aSession({ id: 'x', query: 'not in the pool', results: ['e1', 'e2'], clicks: ['e1'] });
    const dataset = await clickDataset([...sessions(), extra], it_, { seed: 1 });
    const validation: ValidationSet = {
      queries: createVectorTable(['d'], Float32Array.from([1, 0.25, 0, 0]), 4),
      relevant: new Map([['d', new Set(['e2'])]]),
      candidates: new Map([['d', ['e1', 'e2', 'e3', 'e4']]]),
    };
    const learner = createFineTuningLearner({ epochs: 3, batchSize: 4, learningRate: 0.01 });
    const run = async () => {
      const a = await learner.train({ train: dataset.train, test: dataset.test, items: it_, queries: queries() }, { seed: 5, validation });
      const out = Array.from(a.apply(queries()).data);
      a.dispose();
      return { out, summary: a.summary };
    };
    const first = await run();
    const second = await run();
    expect(first.summary.skipped).toBe(1);
    expect(first.summary.pairs).toBe(8);
    expect(second.out).toEqual(first.out);
  });
});
