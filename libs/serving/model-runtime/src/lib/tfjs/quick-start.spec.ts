// The README "Quick start" of the tfjs entry, kept compiling and passing here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  AdaptedEmbeddingModel,
  HashedNgramEncoder,
  LowRankResidualAdapter,
  initTfjsBackend,
  loadModelArtifact,
  readModelArtifactDir,
  saveModelArtifact,
  writeModelArtifactDir,
} from '../../tfjs.js';

describe('README quick start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-runtime-quick-start-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await tf.setBackend('cpu');
  });

  it('runs', async () => {
    // 1. Pick the fastest backend installed (the app may pass process-level config as `backend`).
    const { backend } = await initTfjsBackend({ preferred: ['tensorflow', 'wasm', 'cpu'] });

    // 2. A base encoder (any EmbeddingModel works) and a query-side adapter that starts as identity.
    const base = new HashedNgramEncoder({ buckets: 1 << 12, dimension: 32, seed: 1 });
    const adapter = new LowRankResidualAdapter({ dimension: base.dimension, rank: 4, side: 'query', normalize: true });

    // 3. One training step on (query, clicked item) pairs: in-batch softmax over cosine scores.
    const queries = ['sofa', 'laptop'];
    const clicked = await base.embedItems(['couch for the living room', 'notebook computer']);
    const optimizer = tf.train.adam(0.01);
    optimizer.minimize(
      () =>
        tf.tidy(() => {
          const q = adapter.forward(base.forward(queries));
          const scores = tf.matMul(q, tf.tensor2d(clicked.data, [clicked.count, clicked.dimension]), false, true);
          return tf.losses.softmaxCrossEntropy(tf.eye(2), tf.div(scores, 0.05));
        }),
      false,
      adapter.trainableVariables as tf.Variable[],
    );

    // 4. Serve: items keep their base vectors (no re-indexing), queries go through the adapter.
    const model = new AdaptedEmbeddingModel({ base, adapters: [adapter] });
    const queryVectors = await model.embedQueries(['sofa']);

    // 5. Save as data (model.json + weights.bin), load back with hash verification.
    await writeModelArtifactDir(join(dir, 'query-adapter'), saveModelArtifact(adapter));
    const { manifest, weights } = await readModelArtifactDir(join(dir, 'query-adapter'));
    const reloaded = loadModelArtifact(manifest, weights, { expectedKind: 'low-rank-residual-adapter' });

    expect(backend).toBe('wasm'); // no tfjs-node in this workspace
    expect(model.id).toBe('embedding-studio/hashed-ngram+query:low-rank-residual-adapter');
    expect(queryVectors.dimension).toBe(32);
    expect(reloaded.contentHash()).toBe(adapter.contentHash());
    optimizer.dispose();
    reloaded.dispose();
    await model.dispose();
  });
});
