import { sampleWithoutReplacement, shuffle, type Rng } from '@embedding-studio/random';
import type { IndexedExample } from './training-data.js';

/** One training row: a (query, positive) pair with the negatives sampled for this epoch. */
export interface TrainingRow {
  readonly example: number;
  readonly query: number;
  readonly positive: number;
  readonly negatives: readonly number[];
  readonly weight: number;
}

/** Negatives per row for a plan: `maxNegatives`, capped by the largest list; at least 1 (padding). */
export function negativesPerRow(train: readonly IndexedExample[], maxNegatives: number | null): number {
  const most = train.reduce((m, e) => Math.max(m, e.negatives.length), 0);
  return Math.max(1, maxNegatives === null ? most : Math.min(maxNegatives, most));
}

/**
 * The rows of one epoch, in seeded random order. Every (example, positive) pair with weight > 0
 * becomes a row; when an example has more negatives than `k`, each row draws `k` of them
 * without replacement (kept in result order), so no negative repeats within a row.
 */
export function epochRows(train: readonly IndexedExample[], k: number, rng: Rng): TrainingRow[] {
  const rows: TrainingRow[] = [];
  train.forEach((e, ei) => {
    if (e.weight <= 0) return;
    const all = Array.from(e.negatives);
    for (const positive of e.positives) {
      const negatives =
        all.length <= k
          ? all
          : sampleWithoutReplacement(
              all.map((_, i) => i),
              k,
              rng,
            )
              .sort((a, b) => a - b)
              .map((i) => all[i] as number);
      rows.push({ example: ei, query: e.query, positive, negatives, weight: e.weight });
    }
  });
  return shuffle(rows, rng);
}

/** Typed arrays of one batch, ready to become tensors. */
export interface PackedBatch {
  readonly size: number;
  readonly k: number;
  readonly queries: Int32Array;
  readonly positives: Int32Array;
  /** `[size · k]`, padding rows point at the row's positive (masked out). */
  readonly negatives: Int32Array;
  readonly negativeMask: Float32Array;
  readonly weights: Float32Array;
  /** `[size · size]`: 1 where row j's positive is a usable negative for row i. */
  readonly inBatchMask: Float32Array | null;
}

/**
 * Packs rows into fixed-width arrays. With `inBatch`, row j's positive is a negative of row i
 * only when j ≠ i, the queries differ and it is not one of query i's own positives.
 */
export function packBatch(rows: readonly TrainingRow[], k: number, train: readonly IndexedExample[], inBatch: boolean): PackedBatch {
  const size = rows.length;
  const queries = new Int32Array(size);
  const positives = new Int32Array(size);
  const negatives = new Int32Array(size * k);
  const negativeMask = new Float32Array(size * k);
  const weights = new Float32Array(size);
  rows.forEach((r, i) => {
    queries[i] = r.query;
    positives[i] = r.positive;
    weights[i] = r.weight;
    for (let j = 0; j < k; j++) {
      const n = r.negatives[j];
      negatives[i * k + j] = n ?? r.positive;
      negativeMask[i * k + j] = n === undefined ? 0 : 1;
    }
  });
  let inBatchMask: Float32Array | null = null;
  if (inBatch) {
    inBatchMask = new Float32Array(size * size);
    rows.forEach((ri, i) => {
      const own = (train[ri.example] as IndexedExample).positives;
      rows.forEach((rj, j) => {
        if (i !== j && ri.query !== rj.query && !own.includes(rj.positive)) (inBatchMask as Float32Array)[i * size + j] = 1;
      });
    });
  }
  return { size, k, queries, positives, negatives, negativeMask, weights, inBatchMask };
}
