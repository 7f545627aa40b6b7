import { createRng, shuffle } from '@embedding-studio/random';
import type { Rng } from '@embedding-studio/random';
import type { BenchExample } from '../training/examples.js';
import type { VectorTable } from '../vectors/vector-table.js';
import { identityWeights, linearQueryAdapter } from './linear-adapter.js';
import type { Learner, LearnerTrainOptions, QueryAdapter, TrainedAdapter } from './learner.js';
import type { Tf } from './tf-backend.js';

/** Hyperparameters of the baseline learner. */
export interface ContrastiveLinearLearnerOptions {
  /** The tfjs namespace with a backend already set (see `loadTf`). */
  readonly tf: Tf;
  /** Maximum epochs. @defaultValue 12 */
  readonly epochs?: number;
  /** Pairs per step. @defaultValue 128 */
  readonly batchSize?: number;
  /** Adam learning rate. @defaultValue 5e-4 */
  readonly learningRate?: number;
  /** Softmax temperature of the contrastive loss. @defaultValue 0.05 */
  readonly temperature?: number;
  /** Weight of ‖W − I‖²_F (keeps the adapter near the base model). @defaultValue 0.05 */
  readonly regularisation?: number;
  /** Epochs without a better validation score before stopping. @defaultValue 2 */
  readonly patience?: number;
  /** Explicit negatives per pair, sampled from the example's negatives. @defaultValue 9 */
  readonly maxNegatives?: number;
}

interface Pair {
  q: number;
  p: number;
  negs: number[];
}

const MASK = -1e4;

/**
 * Baseline learner: a query-side linear adapter W (d × d, identity-initialised, items frozen)
 * trained with an in-batch contrastive loss: for each (query, positive) pair the logits are
 * the cosine to its positive, to the other positives of the batch and to its own explicit
 * negatives, divided by the temperature; cross-entropy on the own positive, plus
 * λ‖W − I‖². Other positives of the same query are masked (they are not negatives), and so
 * are explicit negatives that the same query clicked elsewhere. The best epoch on `validate`
 * is kept; training stops after `patience` epochs without improvement. Epoch 0 (the identity)
 * is never selected, so a learner that cannot learn shows up as a loss, not as B0.
 */
export function createContrastiveLinearLearner(options: ContrastiveLinearLearnerOptions): Learner {
  const { tf } = options;
  const epochs = options.epochs ?? 12;
  const batchSize = options.batchSize ?? 128;
  const lr = options.learningRate ?? 5e-4;
  const tau = options.temperature ?? 0.05;
  const lambda = options.regularisation ?? 0.05;
  const patience = options.patience ?? 2;
  const maxNeg = options.maxNegatives ?? 9;

  return {
    id: 'contrastive-linear',
    async train(examples: readonly BenchExample[], items: VectorTable, queries: VectorTable, opts: LearnerTrainOptions): Promise<TrainedAdapter> {
      const d = items.dimension;
      const rng = createRng(opts.seed);
      const { pairs, positivesOf } = buildPairs(examples, items, queries);
      const empty = (): TrainedAdapter => ({
        ...linearQueryAdapter(identityWeights(d), d),
        summary: { epochsRun: 0, bestEpoch: 0, bestValidation: Number.NaN, pairs: 0, history: [] },
      });
      if (pairs.length === 0) return empty();

      const itemsT = tf.tensor2d(items.data, [items.ids.length, d]);
      const queriesT = tf.tensor2d(queries.data, [queries.ids.length, d]);
      const eye = tf.eye(d);
      const W = tf.variable(tf.eye(d), true, `adapter_${opts.seed}_${Date.now()}`);
      const optimizer = tf.train.adam(lr);
      const history: Array<{ epoch: number; loss: number; validation: number }> = [];
      let best: { epoch: number; score: number; weights: Float32Array } | undefined;
      let sinceBest = 0;
      try {
        for (let epoch = 1; epoch <= epochs; epoch++) {
          const order = shuffle(pairs, rng);
          let lossSum = 0;
          let steps = 0;
          for (let start = 0; start < order.length; start += batchSize) {
            const batch = order.slice(start, start + batchSize);
            const feed = batchFeed(batch, positivesOf, maxNeg, rng);
            const B = batch.length;
            const lossT = optimizer.minimize(() => {
              const q = tf.matMul(tf.gather(queriesT, tf.tensor1d(feed.q, 'int32')), W);
              const qn = tf.div(q, tf.add(tf.norm(q, 2, 1, true), 1e-12));
              const p = tf.gather(itemsT, tf.tensor1d(feed.p, 'int32'));
              const s1 = tf.add(tf.matMul(qn, p, false, true), tf.tensor2d(feed.inMask, [B, B]));
              const n = tf.reshape(tf.gather(itemsT, tf.tensor1d(feed.n, 'int32')), [B, feed.k, d]);
              const s2 = tf.add(tf.sum(tf.mul(tf.expandDims(qn, 1), n), 2), tf.tensor2d(feed.nMask, [B, feed.k]));
              const logits = tf.div(tf.concat([s1, s2], 1), tau);
              const labels = tf.oneHot(tf.range(0, B, 1, 'int32'), B + feed.k);
              const ce = tf.losses.softmaxCrossEntropy(labels, logits);
              const reg = tf.mul(tf.sum(tf.square(tf.sub(W, eye))), lambda);
              return tf.add(ce, reg) as ReturnType<Tf['scalar']>;
            }, true);
            if (lossT) {
              lossSum += (await lossT.data())[0] as number;
              lossT.dispose();
            }
            steps += 1;
          }
          const weights = (await W.data()) as Float32Array;
          const adapter = linearQueryAdapter(weights, d);
          const validation = opts.validate ? opts.validate(adapter) : Number.NaN;
          const loss = lossSum / Math.max(1, steps);
          history.push({ epoch, loss, validation });
          opts.onEpochEnd?.({ epoch, loss, validation });
          if (!opts.validate || !best || validation > best.score) {
            best = { epoch, score: validation, weights: Float32Array.from(weights) };
            sinceBest = 0;
          } else if (++sinceBest >= patience) {
            break;
          }
        }
      } finally {
        itemsT.dispose();
        queriesT.dispose();
        eye.dispose();
        W.dispose();
        optimizer.dispose();
      }
      if (!best) return empty();
      const adapter: QueryAdapter = linearQueryAdapter(best.weights, d);
      return {
        ...adapter,
        summary: { epochsRun: history.length, bestEpoch: best.epoch, bestValidation: best.score, pairs: pairs.length, history },
      };
    },
  };
}

/** (query, positive, negatives) index triples, plus every query's positives (for masking). */
export function buildPairs(
  examples: readonly BenchExample[],
  items: VectorTable,
  queries: VectorTable,
): { pairs: Pair[]; positivesOf: Map<number, Set<number>> } {
  const positivesOf = new Map<number, Set<number>>();
  const resolved: Array<{ q: number; pos: number[]; neg: number[] }> = [];
  for (const e of examples) {
    const q = queries.index.get(e.queryText);
    if (q === undefined) continue;
    const pos = e.positives.map((id) => items.index.get(id)).filter((i): i is number => i !== undefined);
    const neg = e.negatives.map((id) => items.index.get(id)).filter((i): i is number => i !== undefined);
    if (pos.length === 0) continue;
    let set = positivesOf.get(q);
    if (!set) positivesOf.set(q, (set = new Set()));
    for (const p of pos) set.add(p);
    resolved.push({ q, pos, neg });
  }
  const pairs: Pair[] = [];
  for (const r of resolved) {
    const qPos = positivesOf.get(r.q) as Set<number>;
    const negs = r.neg.filter((n) => !qPos.has(n));
    for (const p of r.pos) pairs.push({ q: r.q, p, negs });
  }
  return { pairs, positivesOf };
}

/** Index arrays and additive masks of one batch. */
export function batchFeed(
  batch: readonly Pair[],
  positivesOf: ReadonlyMap<number, ReadonlySet<number>>,
  maxNeg: number,
  rng: Rng,
): { q: Int32Array; p: Int32Array; n: Int32Array; k: number; inMask: Float32Array; nMask: Float32Array } {
  const B = batch.length;
  const k = Math.max(1, maxNeg);
  const q = new Int32Array(B);
  const p = new Int32Array(B);
  const n = new Int32Array(B * k);
  const nMask = new Float32Array(B * k).fill(MASK);
  const inMask = new Float32Array(B * B);
  batch.forEach((pair, i) => {
    q[i] = pair.q;
    p[i] = pair.p;
    const negs = pair.negs.length <= k ? pair.negs : sampleK(pair.negs, k, rng);
    negs.forEach((doc, j) => {
      n[i * k + j] = doc;
      nMask[i * k + j] = 0;
    });
  });
  for (let i = 0; i < B; i++) {
    const own = positivesOf.get(q[i] as number);
    for (let j = 0; j < B; j++) {
      if (j !== i && own?.has(p[j] as number)) inMask[i * B + j] = MASK;
    }
  }
  return { q, p, n, k, inMask, nMask };
}

function sampleK(values: readonly number[], k: number, rng: Rng): number[] {
  const a = values.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i] as number;
    a[i] = a[j] as number;
    a[j] = t;
  }
  return a.slice(0, k);
}
