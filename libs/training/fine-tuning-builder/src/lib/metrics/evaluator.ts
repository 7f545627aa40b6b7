import * as tf from '@tensorflow/tfjs';
import type { IndexedExample } from '../data/training-data.js';
import type { Towers } from '../model/towers.js';
import { METRIC_NAMES } from '../plan/training-plan.js';
import type { RankingLossFn } from '../ports/ports.js';
import { distanceShift, ndcgAtK, reciprocalRank } from './ranking-metrics.js';

/** The test split, deduplicated into the rows to embed and each example's candidates. */
export interface EvalSet {
  readonly queryRows: Int32Array;
  readonly itemRows: Int32Array;
  /** Per example: its query's position in `queryRows`, its candidates' positions in `itemRows` (positives first). */
  readonly examples: readonly { readonly query: number; readonly candidates: Int32Array; readonly positives: number; readonly weight: number }[];
  /** Offsets of each example's candidates in a flat similarity array. */
  readonly offsets: Int32Array;
  readonly totalCandidates: number;
}

export function createEvalSet(test: readonly IndexedExample[]): EvalSet {
  const qPos = new Map<number, number>();
  const iPos = new Map<number, number>();
  const at = (map: Map<number, number>, row: number): number => {
    let p = map.get(row);
    if (p === undefined) {
      p = map.size;
      map.set(row, p);
    }
    return p;
  };
  const offsets = new Int32Array(test.length + 1);
  const examples = test.map((e, k) => {
    const candidates = Int32Array.from([...e.positives, ...e.negatives], (r) => at(iPos, r));
    offsets[k + 1] = (offsets[k] as number) + candidates.length;
    return { query: at(qPos, e.query), candidates, positives: e.positives.length, weight: e.weight };
  });
  return {
    queryRows: Int32Array.from(qPos.keys()),
    itemRows: Int32Array.from(iPos.keys()),
    examples,
    offsets,
    totalCandidates: offsets[test.length] as number,
  };
}

const CHUNK = 512;

async function embedAll(embed: (rows: Int32Array) => tf.Tensor2D, rows: Int32Array): Promise<{ data: Float32Array; dim: number }> {
  let out: Float32Array | null = null;
  let dim = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.subarray(start, Math.min(rows.length, start + CHUNK));
    const t = embed(chunk);
    try {
      dim = t.shape[1];
      out ??= new Float32Array(rows.length * dim);
      out.set((await t.data()) as Float32Array, start * dim);
    } finally {
      t.dispose();
    }
  }
  return { data: out ?? new Float32Array(0), dim };
}

const wrapFixed = (data: Float32Array, n: number): { data: Float32Array; dim: number } => ({ data, dim: n === 0 ? 0 : data.length / n });

/**
 * Cosine similarity of every (test query, candidate) pair under the current model, flat in
 * example order (see {@link EvalSet.offsets}). No tensor outlives the call.
 */
export async function testSimilarities(towers: Towers, set: EvalSet): Promise<Float64Array> {
  const embed = async (fixed: ((rows: Int32Array) => Float32Array) | undefined, f: (rows: Int32Array) => tf.Tensor2D, rows: Int32Array) =>
    fixed ? wrapFixed(fixed(rows), rows.length) : embedAll(f, rows);
  const q = await embed(towers.fixedQueries, (r) => towers.queries(r), set.queryRows);
  const items = await embed(towers.fixedItems, (r) => towers.items(r), set.itemRows);
  const dim = Math.max(q.dim, items.dim);
  const sims = new Float64Array(set.totalCandidates);
  set.examples.forEach((e, k) => {
    const base = set.offsets[k] as number;
    const qo = e.query * dim;
    for (let c = 0; c < e.candidates.length; c++) {
      const io = (e.candidates[c] as number) * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += (q.data[qo + d] as number) * (items.data[io + d] as number);
      sims[base + c] = dot;
    }
  });
  return sims;
}

/** The loss of the test examples (each positive against all its negatives; no in-batch negatives). */
function testLoss(set: EvalSet, sims: Float64Array, loss: RankingLossFn): number | undefined {
  let k = 1;
  let rows = 0;
  for (const e of set.examples) {
    if (e.positives === 0) continue;
    rows += e.positives;
    k = Math.max(k, e.candidates.length - e.positives);
  }
  if (rows === 0) return undefined;
  const pos = new Float32Array(rows);
  const neg = new Float32Array(rows * k);
  const mask = new Float32Array(rows * k);
  const w = new Float32Array(rows);
  let r = 0;
  set.examples.forEach((e, ei) => {
    const base = set.offsets[ei] as number;
    for (let p = 0; p < e.positives; p++, r++) {
      pos[r] = sims[base + p] as number;
      w[r] = e.weight;
      for (let n = 0; n < e.candidates.length - e.positives; n++) {
        neg[r * k + n] = sims[base + e.positives + n] as number;
        mask[r * k + n] = 1;
      }
    }
  });
  const value = tf.tidy(() =>
    loss({
      positive: tf.tensor1d(pos),
      negatives: tf.tensor2d(neg, [rows, k]),
      negativeMask: tf.tensor2d(mask, [rows, k]),
      weights: tf.tensor1d(w),
    }),
  );
  try {
    return value.dataSync()[0];
  } finally {
    value.dispose();
  }
}

/**
 * Test metrics from the current and the starting similarities:
 * `test_not_irrelevant_dist_shift` (main, maximised), `test_irrelevant_dist_shift` (only when
 * the test split has sessions without clicks), `test_ndcg@k`, `test_mrr`, `test_mrr_lift` (MRR of
 * the clicked results now minus with the starting similarities: what the deploy gate reads) and
 * `test_loss`.
 */
export function testMetrics(set: EvalSet, now: Float64Array, before: Float64Array, ndcgK: number, loss: RankingLossFn): Record<string, number> {
  let shiftSum = 0;
  let shiftN = 0;
  let irrSum = 0;
  let irrN = 0;
  let ndcgSum = 0;
  let rrSum = 0;
  let rrBeforeSum = 0;
  let rankedN = 0;
  set.examples.forEach((e, k) => {
    const from = set.offsets[k] as number;
    const to = set.offsets[k + 1] as number;
    const s = now.subarray(from, to);
    const shift = distanceShift(s, before.subarray(from, to), e.positives);
    if (shift !== undefined) {
      if (e.positives > 0) {
        shiftSum += shift;
        shiftN++;
      } else {
        irrSum += shift;
        irrN++;
      }
    }
    if (e.positives > 0) {
      const relevant = (i: number): boolean => i < e.positives;
      ndcgSum += ndcgAtK(s, relevant, ndcgK);
      rrSum += reciprocalRank(s, relevant);
      rrBeforeSum += reciprocalRank(before.subarray(from, to), relevant);
      rankedN++;
    }
  });
  const out: Record<string, number> = {};
  if (shiftN > 0) out[METRIC_NAMES.notIrrelevantShift] = shiftSum / shiftN;
  if (irrN > 0) out[METRIC_NAMES.irrelevantShift] = irrSum / irrN;
  if (rankedN > 0) {
    out[`${METRIC_NAMES.ndcgPrefix}${ndcgK}`] = ndcgSum / rankedN;
    out[METRIC_NAMES.mrr] = rrSum / rankedN;
    out[METRIC_NAMES.mrrLift] = (rrSum - rrBeforeSum) / rankedN;
  }
  const l = testLoss(set, now, loss);
  if (l !== undefined) out[METRIC_NAMES.testLoss] = l;
  return out;
}
