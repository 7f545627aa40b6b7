// Times runTraining on a realistic-size workload: a query-side linear adapter (d = 384) over
// ~5,000 sessions (4,000 train queries with 1–2 clicks and 8 shown-but-not-clicked results,
// 1,000 test queries), vectors given. Prints each run, the median and the quality change.
//
//   npx tsx --tsconfig tsconfig.base.json libs/training/fine-tuning-builder/bench/train-adapter.bench.ts [--backend wasm] [--repeats 3] [--epochs 3]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initTfjsBackend } from '@embedding-studio/model-runtime/tfjs';
import { createRng } from '@embedding-studio/random';
import { FineTuningBuilder, runTraining, type TrainingData, type TrainingExample } from '../src/index.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    repeats: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '3' },
    dimension: { type: 'string', default: '384' },
    'train-queries': { type: 'string', default: '4000' },
    'test-queries': { type: 'string', default: '1000' },
    items: { type: 'string', default: '20000' },
  },
});

/**
 * Items are random unit vectors; each query is its first clicked item with its coordinates
 * permuted, plus noise, so the base model ranks it at random and a query-side adapter can learn
 * the inverse permutation.
 */
function syntheticSessions(d: number, nItems: number, nTrain: number, nTest: number): TrainingData {
  const rng = createRng(2024);
  const unit = (v: Float32Array): Float32Array => {
    let n = 0;
    for (const x of v) n += x * x;
    n = Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n;
    return v;
  };
  const items = new Float32Array(nItems * d);
  for (let i = 0; i < nItems; i++) {
    const v = new Float32Array(d);
    for (let j = 0; j < d; j++) v[j] = rng.normal();
    items.set(unit(v), i * d);
  }
  // A seeded random permutation of all coordinates: the map the adapter has to undo.
  const perm = Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [perm[i], perm[j]] = [perm[j] as number, perm[i] as number];
  }
  const itemIds = Array.from({ length: nItems }, (_, i) => `i${i}`);
  const queryIds: string[] = [];
  const queries = new Float32Array((nTrain + nTest) * d);
  const examples = (count: number, offset: number): TrainingExample[] =>
    Array.from({ length: count }, (_, k) => {
      const shown = new Set<number>();
      while (shown.size < 10) shown.add(rng.int(nItems));
      const list = [...shown];
      const clicks = 1 + rng.int(2);
      const target = list[0] as number;
      const q = new Float32Array(d);
      for (let j = 0; j < d; j++) q[j] = (items[target * d + (perm[j] as number)] as number) + 0.02 * rng.normal();
      queries.set(unit(q), (offset + k) * d);
      const id = `q${offset + k}`;
      queryIds.push(id);
      return { queryId: id, positives: list.slice(0, clicks).map((i) => itemIds[i] as string), negatives: list.slice(clicks, clicks + 8).map((i) => itemIds[i] as string) };
    });
  const train = examples(nTrain, 0);
  const test = examples(nTest, nTrain);
  return { train, test, queries: { ids: queryIds, dimension: d, data: queries }, items: { ids: itemIds, dimension: d, data: items } };
}

const d = Number(values.dimension);
const backend = await initTfjsBackend({ backend: values.backend });
const data = syntheticSessions(d, Number(values.items), Number(values['train-queries']), Number(values['test-queries']));
const rows = data.train.reduce((n, e) => n + e.positives.length, 0);
const plan = FineTuningBuilder.create().linearAdapter({ side: 'query' }).probMarginLoss({ margin: 0.1 }).adam({ learningRate: 1e-3 }).batchSize(64).epochs(Number(values.epochs)).seed(1).build();
console.log(`backend=${backend.backend} d=${d} trainQueries=${data.train.length} rows=${rows} testQueries=${data.test.length} epochs=${plan.epochs} batch=${plan.batchSize}`);

const times: number[] = [];
for (let r = 0; r < Number(values.repeats); r++) {
  const before = tf.memory().numTensors;
  const t0 = performance.now();
  const result = await runTraining(plan, { data });
  const ms = performance.now() - t0;
  times.push(ms);
  const evals = result.runs[0]?.evaluations ?? [];
  const first = evals[0]?.metrics ?? {};
  const best = evals.find((e) => e.step === result.runs[0]?.bestStep)?.metrics ?? {};
  console.log(
    `run ${r + 1}: ${(ms / 1000).toFixed(2)} s, steps=${result.runs[0]?.steps}, ` +
      `nDCG@10 ${first['test_ndcg@10']?.toFixed(4)} → ${best['test_ndcg@10']?.toFixed(4)}, ` +
      `MRR ${first['test_mrr']?.toFixed(4)} → ${best['test_mrr']?.toFixed(4)}, DistanceShift ${result.bestMetric.value.toFixed(4)}, ` +
      `leaked tensors ${tf.memory().numTensors - before}`,
  );
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`median ${((sorted[Math.floor(sorted.length / 2)] ?? Number.NaN) / 1000).toFixed(2)} s over ${times.length} runs (${backend.backend})`);
