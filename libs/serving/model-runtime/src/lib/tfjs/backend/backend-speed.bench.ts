// Speed of the tfjs backends on the work this entry does. Not a test; run with
//   npx tsx --tsconfig tsconfig.base.json libs/serving/model-runtime/src/lib/tfjs/backend/backend-speed.bench.ts [cpu wasm ...]
// It prints the median of 3 timed runs (after one warm-up) per case and backend, as JSON lines.
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@embedding-studio/random';
import { LinearAdapter } from '../adapters/linear-adapter.js';
import { LowRankResidualAdapter } from '../adapters/low-rank-residual-adapter.js';
import type { EmbeddingAdapter } from '../adapters/embedding-adapter.js';
import { HashedNgramEncoder } from '../encoders/hashed-ngram-encoder.js';
import { initTfjsBackend, type TfjsBackendName } from './init-backend.js';

const RUNS = 3;
const N = 4096;
const D = 384;

async function median(run: () => Promise<void>): Promise<number> {
  await run(); // warm-up (kernel set-up, allocation)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] as number;
}

function unitRows(n: number, d: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, d], 0, 1, 'float32', seed);
    return tf.div(x, tf.norm(x, 'euclidean', 1, true)) as tf.Tensor2D;
  });
}

/** One optimiser step of a query-side adapter on click triplets: margin loss on cosine similarities. */
async function adapterStep(adapter: EmbeddingAdapter, q: tf.Tensor2D, pos: tf.Tensor2D, neg: tf.Tensor2D, optimizer: tf.Optimizer): Promise<void> {
  const loss = optimizer.minimize(
    () =>
      tf.tidy(() => {
        const a = adapter.forward(q);
        const an = tf.div(a, tf.norm(a, 'euclidean', 1, true));
        const sPos = tf.sum(tf.mul(an, pos), 1);
        const sNeg = tf.sum(tf.mul(an, neg), 1);
        return tf.mean(tf.relu(tf.add(tf.sub(sNeg, sPos), 0.2))) as tf.Scalar;
      }),
    true,
    adapter.trainableVariables as tf.Variable[],
  );
  await loss?.data();
  loss?.dispose();
}

function syntheticTexts(count: number, seed: number): string[] {
  const rng = createRng(seed);
  const vocabulary = Array.from({ length: 2000 }, (_, i) => `w${(i * 7919) % 10007}x${i % 13}`);
  return Array.from({ length: count }, () => Array.from({ length: 3 + rng.int(10) }, () => vocabulary[rng.int(vocabulary.length)]).join(' '));
}

async function benchBackend(backend: TfjsBackendName): Promise<Record<string, number | string>> {
  await initTfjsBackend({ backend });
  const out: Record<string, number | string> = { backend };

  const a = tf.randomNormal([N, D], 0, 1, 'float32', 1);
  const b = tf.randomNormal([D, D], 0, 1, 'float32', 2);
  out['matmul_4096x384_384x384_ms'] = await median(async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  tf.dispose([a, b]);

  const q = unitRows(N, D, 3);
  const pos = unitRows(N, D, 4);
  const neg = unitRows(N, D, 5);
  for (const [name, adapter] of [
    ['linear_adapter_384_train_step_4096_ms', new LinearAdapter({ inputDimension: D })],
    ['low_rank_r16_adapter_384_train_step_4096_ms', new LowRankResidualAdapter({ dimension: D, rank: 16 })],
  ] as const) {
    const optimizer = tf.train.adam(1e-3);
    out[name] = await median(() => adapterStep(adapter, q, pos, neg, optimizer));
    optimizer.dispose();
    adapter.dispose();
  }
  const linear = new LinearAdapter({ inputDimension: D });
  const vectors = { count: N, dimension: D, data: (await q.data()) as Float32Array };
  out['linear_adapter_384_apply_4096_ms'] = await median(async () => void linear.apply(vectors));
  linear.dispose();
  tf.dispose([q, pos, neg]);

  const encoder = new HashedNgramEncoder();
  const queries = syntheticTexts(64, 6);
  const items = syntheticTexts(64, 7);
  const labels = tf.oneHot(tf.range(0, 64, 1, 'int32'), 64);
  const optimizer = tf.train.adam(1e-2);
  out['hashed_encoder_65536x128_train_step_64_pairs_ms'] = await median(async () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, tf.div(tf.matMul(encoder.forward(queries), encoder.forward(items), false, true), 0.05)),
      true,
      encoder.trainableVariables as tf.Variable[],
    );
    await loss?.data();
    loss?.dispose();
  });
  const corpus = syntheticTexts(1024, 8);
  out['hashed_encoder_65536x128_embed_1024_texts_ms'] = await median(async () => void (await encoder.embedItems(corpus)));
  optimizer.dispose();
  labels.dispose();
  await encoder.dispose();
  for (const [k, v] of Object.entries(out)) if (typeof v === 'number') out[k] = Math.round(v * 10) / 10;
  return out;
}

const requested = process.argv.slice(2);
const backends = (requested.length > 0 ? requested : ['cpu', 'wasm']) as TfjsBackendName[];
for (const backend of backends) {
  console.log(JSON.stringify(await benchBackend(backend)));
}
