import * as tf from '@tensorflow/tfjs';
import { createRng } from '@embedding-studio/random';
import { createVectorTable } from '../vectors/vector-table.js';
import { searchTopK } from '../vectors/exact-search.js';
import { batchFeed, buildPairs, createContrastiveLinearLearner } from './contrastive-linear-learner.js';
import { identityWeights, linearQueryAdapter } from './linear-adapter.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const items = createVectorTable(['e1', 'e2', 'e3', 'e4'], Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]), 4);
const queries = createVectorTable(['alpha', 'beta'], Float32Array.from([1, 0.3, 0, 0, 0, 0, 1, 0.3]), 4);
const examples = [
  { queryText: 'alpha', positives: ['e2'], negatives: ['e1', 'e3'] },
  { queryText: 'beta', positives: ['e4'], negatives: ['e3', 'e1'] },
];

describe('linear query adapter', () => {
  it('q · W, then L2-normalised; identity keeps normalised vectors', () => {
    const id = linearQueryAdapter(identityWeights(4), 4).apply(queries);
    expect(id.data).toEqual(queries.data);
    // W swaps dims 0 and 1
    const w = Float32Array.from([0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const q = createVectorTable(['q'], Float32Array.from([3, 4, 0, 0]), 4);
    expect([...linearQueryAdapter(w, 4).apply(q).data]).toEqual([0.800000011920929, 0.6000000238418579, 0, 0]);
    expect(() => linearQueryAdapter(new Float32Array(3), 4)).toThrow(RangeError);
  });
});

describe('pairs and batches', () => {
  it('one pair per positive; negatives that the query clicked elsewhere are dropped', () => {
    const { pairs, positivesOf } = buildPairs(
      [
        { queryText: 'alpha', positives: ['e2', 'e3'], negatives: ['e1', 'e4'] },
        { queryText: 'alpha', positives: ['e4'], negatives: ['e1', 'e2', 'unknown'] },
        { queryText: 'unseen', positives: ['e1'], negatives: [] },
      ],
      items,
      queries,
    );
    expect(pairs).toEqual([
      { q: 0, p: 1, negs: [0] },
      { q: 0, p: 2, negs: [0] },
      { q: 0, p: 3, negs: [0] },
    ]);
    expect(positivesOf.get(0)).toEqual(new Set([1, 2, 3]));
  });

  it('masks in-batch positives of the same query and padded negatives', () => {
    const { pairs, positivesOf } = buildPairs(
      [
        { queryText: 'alpha', positives: ['e2', 'e3'], negatives: ['e1'] },
        { queryText: 'beta', positives: ['e4'], negatives: [] },
      ],
      items,
      queries,
    );
    const f = batchFeed(pairs, positivesOf, 2, createRng(1));
    expect([...f.q]).toEqual([0, 0, 1]);
    expect([...f.p]).toEqual([1, 2, 3]);
    // row 0 (alpha→e2): column 1 (e3) is another positive of alpha → masked; column 2 (e4) is a negative
    expect([...f.inMask]).toEqual([0, -1e4, 0, -1e4, 0, 0, 0, 0, 0]);
    expect([...f.nMask]).toEqual([0, -1e4, 0, -1e4, -1e4, -1e4]);
    expect([...f.n.subarray(0, 1)]).toEqual([0]);
  });
});

describe('contrastive linear learner', () => {
  it('learns to rank the clicked item first where the base model ranks another', async () => {
    const before = searchTopK(queries, items, 1);
    expect(before.get('alpha')?.[0]?.id).toBe('e1');
    expect(before.get('beta')?.[0]?.id).toBe('e3');
    const learner = createContrastiveLinearLearner({ tf, epochs: 40, batchSize: 2, learningRate: 0.05, regularisation: 0.001 });
    const adapter = await learner.train(examples, items, queries, { seed: 3 });
    const after = searchTopK(adapter.apply(queries), items, 1);
    expect(after.get('alpha')?.[0]?.id).toBe('e2');
    expect(after.get('beta')?.[0]?.id).toBe('e4');
    expect(adapter.summary).toMatchObject({ epochsRun: 40, bestEpoch: 40, pairs: 2 });
    expect(adapter.summary.history[39]?.loss).toBeLessThan(adapter.summary.history[0]?.loss as number);
    expect(tf.memory().numTensors).toBeLessThan(5);
  });

  it('keeps the best validated epoch (never epoch 0) and stops after `patience` epochs without improvement', async () => {
    const scores = [0.1, 0.3, 0.2, 0.25, 0.9];
    let call = 0;
    const learner = createContrastiveLinearLearner({ tf, epochs: 5, patience: 2, batchSize: 2 });
    const seen: number[] = [];
    const adapter = await learner.train(examples, items, queries, {
      seed: 1,
      validate: () => scores[call++] as number,
      onEpochEnd: (e) => seen.push(e.epoch),
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(adapter.summary).toMatchObject({ epochsRun: 4, bestEpoch: 2, bestValidation: 0.3 });
  });

  it('returns the identity when there is nothing to learn from', async () => {
    const learner = createContrastiveLinearLearner({ tf });
    const adapter = await learner.train([{ queryText: 'unknown', positives: ['e1'], negatives: [] }], items, queries, { seed: 1 });
    expect(adapter.summary.pairs).toBe(0);
    expect(adapter.apply(queries).data).toEqual(queries.data);
  });
});
