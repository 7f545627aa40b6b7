import * as tf from '@tensorflow/tfjs';
import type { EmbeddingMatrix } from '../../embedding-model.js';
import { HashedNgramEncoder } from './hashed-ngram-encoder.js';
import { hashedNgramFeatures } from './hashed-ngram-features.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = { buckets: 4096, dimension: 32, seed: 5 } as const;

function row(m: EmbeddingMatrix, i: number): Float32Array {
  return m.data.subarray(i * m.dimension, (i + 1) * m.dimension);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('HashedNgramEncoder', () => {
  it('pools the table rows of its features (hand-computed, mean, no normalisation)', async () => {
    const config = { buckets: 16, dimension: 2, wordBigrams: false, charNgramRange: null, pooling: 'mean', normalize: false } as const;
    const table = new Float32Array(32);
    for (let i = 0; i < 16; i++) table.set([i, 1], i * 2); // row i = [i, 1]
    const encoder = new HashedNgramEncoder(config, [{ name: 'table', shape: [16, 2], values: table }]);
    const [bx, by] = hashedNgramFeatures('x y', { ...encoder.getConfig() });
    const out = await encoder.embedQueries(['x y', '']);
    expect(out.count).toBe(2);
    expect(Array.from(row(out, 0))).toEqual([((bx as number) + (by as number)) / 2, 1]);
    expect(Array.from(row(out, 1))).toEqual([0, 0]); // no features → zero vector
    await encoder.dispose();
  });

  it('is deterministic under a seed and L2-normalises by default', async () => {
    const a = new HashedNgramEncoder(small);
    const b = new HashedNgramEncoder(small);
    const c = new HashedNgramEncoder({ ...small, seed: 6 });
    const texts = ['wireless headphones', 'garden hose 20m'];
    const va = await a.embedItems(texts);
    expect(await b.embedItems(texts)).toEqual(va);
    expect((await c.embedItems(texts)).data).not.toEqual(va.data);
    expect(Math.hypot(...row(va, 0))).toBeCloseTo(1, 5);
    expect(a.version).toBe(b.version);
    expect(a.version).not.toBe(c.version);
    await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
  });

  it('untrained, shared n-grams mean similarity (lexical, typo-tolerant)', async () => {
    const encoder = new HashedNgramEncoder(small);
    const m = await encoder.embedQueries(['wireless headphones', 'wirless headphone bluetooth', 'garden hose']);
    const typo = cosine(row(m, 0), row(m, 1));
    const unrelated = cosine(row(m, 0), row(m, 2));
    expect(typo).toBeGreaterThan(0.4);
    expect(Math.abs(unrelated)).toBeLessThan(0.2);
    await encoder.dispose();
  });

  it('gives the same vector for a text alone or inside a batch, across batch boundaries', async () => {
    const encoder = new HashedNgramEncoder({ ...small, batchSize: 2 });
    const texts = ['red shoes', 'blue jacket', 'green hat', 'red jacket', 'shoes'];
    const all = await encoder.embedItems(texts);
    for (const [i, t] of texts.entries()) {
      const alone = await encoder.embedItems([t]);
      const diff = row(all, i).reduce((m, v, j) => Math.max(m, Math.abs(v - (alone.data[j] as number))), 0);
      expect(diff).toBeLessThan(1e-6);
    }
    await encoder.dispose();
  });

  it('js and tensor inference agree with forward() (the training path)', async () => {
    const texts = ['red running shoes', 'blue rain jacket', '', 'red jacket red shoes'];
    for (const pooling of ['mean', 'sqrtn'] as const) {
      for (const normalize of [true, false]) {
        const js = new HashedNgramEncoder({ ...small, pooling, normalize });
        const tensor = new HashedNgramEncoder({ ...small, pooling, normalize, inference: 'tensor', batchSize: 3 });
        const viaJs = await js.embedItems(texts);
        const viaTensor = await tensor.embedItems(texts);
        const forward = js.forward(texts);
        const expected = forward.dataSync();
        forward.dispose();
        for (const m of [viaJs, viaTensor]) {
          const diff = m.data.reduce((worst, v, i) => Math.max(worst, Math.abs(v - (expected[i] as number))), 0);
          expect(diff).toBeLessThan(1e-6);
        }
        await Promise.all([js.dispose(), tensor.dispose()]);
      }
    }
  });

  it('js inference sees training updates (the table copy follows the variable)', async () => {
    const encoder = new HashedNgramEncoder(small);
    const before = await encoder.embedQueries(['desk lamp']);
    const [table] = encoder.trainableVariables as tf.Variable[];
    table?.assign(tf.tidy(() => tf.mul(table, -1)));
    const after = await encoder.embedQueries(['desk lamp']);
    expect(Array.from(after.data)).toEqual(Array.from(before.data, (v) => -v));
    await encoder.dispose();
  });

  it('leaks no tensors while embedding', async () => {
    const encoder = new HashedNgramEncoder(small);
    const before = tf.memory().numTensors;
    await encoder.embedQueries(['one', 'two three', '']);
    await encoder.embedItems([]);
    expect(tf.memory().numTensors).toBe(before);
    await encoder.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('trains: after a few steps on toy pairs, positive pairs become more similar', async () => {
    const pairs: Array<[string, string]> = [
      ['sofa', 'couch for the living room'],
      ['laptop', 'notebook computer'],
      ['sneakers', 'running trainers'],
      ['cellphone', 'mobile smartphone'],
      ['tv', 'television screen'],
      ['bike', 'bicycle with gears'],
      ['fridge', 'refrigerator freezer'],
      ['earphones', 'wireless earbuds'],
    ];
    const queries = pairs.map((p) => p[0]);
    const items = pairs.map((p) => p[1]);
    const encoder = new HashedNgramEncoder(small);
    const measure = async (): Promise<{ positive: number; top1: number }> => {
      const q = await encoder.embedQueries(queries);
      const d = await encoder.embedItems(items);
      let positive = 0;
      let top1 = 0;
      for (let i = 0; i < pairs.length; i++) {
        const scores = items.map((_, j) => cosine(row(q, i), row(d, j)));
        positive += scores[i] as number;
        if (scores.every((s, j) => j === i || s < (scores[i] as number))) top1++;
      }
      return { positive: positive / pairs.length, top1: top1 / pairs.length };
    };
    const before = await measure();
    const versionBefore = encoder.version;

    // In-batch softmax (InfoNCE) over cosine similarities, temperature 0.1.
    const qBatch = encoder.tokenize(queries);
    const dBatch = encoder.tokenize(items);
    const labels = tf.oneHot(tf.range(0, pairs.length, 1, 'int32'), pairs.length);
    const optimizer = tf.train.adam(0.05);
    const loss = (): tf.Scalar =>
      tf.losses.softmaxCrossEntropy(labels, tf.div(tf.matMul(encoder.forwardIndices(qBatch), encoder.forwardIndices(dBatch), false, true), 0.1));
    const tensorsBefore = tf.memory().numTensors;
    for (let step = 0; step < 10; step++) optimizer.minimize(loss, false, encoder.trainableVariables as tf.Variable[]);
    // Only Adam's two slots for the table remain.
    expect(tf.memory().numTensors).toBe(tensorsBefore + 2);
    const after = await measure();

    expect(after.positive).toBeGreaterThan(before.positive + 0.3);
    expect(after.top1).toBe(1);
    expect(encoder.version).toBe(versionBefore); // cached until refreshed
    expect(encoder.refreshVersion()).not.toBe(versionBefore);
    labels.dispose();
    optimizer.dispose();
    await encoder.dispose();
  });

  it('validates options and refuses use after dispose', async () => {
    expect(() => new HashedNgramEncoder({ buckets: 0 })).toThrow('Invalid option buckets: must be an integer in 1..16777216, got 0.');
    expect(() => new HashedNgramEncoder({ charNgramRange: [5, 3] })).toThrow('Invalid option charNgramRange: max (3) must be ≥ min (5).');
    expect(() => new HashedNgramEncoder({ wordUnigrams: false, wordBigrams: false, charNgramRange: null, buckets: 8, dimension: 2 })).toThrow(
      'at least one of wordUnigrams, wordBigrams or charNgramRange must be enabled',
    );
    const encoder = new HashedNgramEncoder({ buckets: 8, dimension: 2 });
    expect(encoder.getConfig()).toEqual({
      id: 'embedding-studio/hashed-ngram',
      buckets: 8,
      dimension: 2,
      seed: 0,
      wordUnigrams: true,
      wordBigrams: true,
      charNgramRange: [3, 5],
      lowercase: true,
      maxFeaturesPerText: 4096,
      pooling: 'sqrtn',
      normalize: true,
      initStd: 1 / Math.sqrt(2),
    });
    await encoder.dispose();
    await encoder.dispose();
    await expect(encoder.embedQueries(['x'])).rejects.toMatchObject({ code: 'MODEL_RUNTIME_MODEL_DISPOSED' });
  });

  it('defaults to 2^16 buckets × 128 dims', async () => {
    const encoder = new HashedNgramEncoder();
    expect(encoder.trainableVariables[0]?.shape).toEqual([65536, 128]);
    expect(encoder.dimension).toBe(128);
    await encoder.dispose();
  });
});
