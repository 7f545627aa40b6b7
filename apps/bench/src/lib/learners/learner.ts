import type { BenchExample } from '../training/examples.js';
import type { VectorTable } from '../vectors/vector-table.js';

/** Turns base query vectors into adapted ones (same dimension). Items are left untouched. */
export interface QueryAdapter {
  readonly dimension: number;
  /** Returns a new table with the same ids: adapted and L2-normalised query vectors. */
  apply(queries: VectorTable): VectorTable;
}

/** What one training run did. */
export interface TrainSummary {
  /** Epochs actually run (early stopping may end sooner). */
  readonly epochsRun: number;
  /** 1-based epoch whose weights were kept. */
  readonly bestEpoch: number;
  /** Validation score of the kept epoch (NaN when no validation was given). */
  readonly bestValidation: number;
  /** Training pairs (query, positive) seen per epoch. */
  readonly pairs: number;
  readonly history: ReadonlyArray<{ epoch: number; loss: number; validation: number }>;
}

export interface TrainedAdapter extends QueryAdapter {
  readonly summary: TrainSummary;
}

/** Per-run options every learner accepts. */
export interface LearnerTrainOptions {
  /** Fixes shuffling, negative sampling and initialisation. */
  readonly seed: number;
  /**
   * Scores an adapter on held-out data (higher is better); used for early stopping and for
   * keeping the best epoch. Without it the last epoch is kept.
   */
  readonly validate?: (adapter: QueryAdapter) => number;
  /** Progress callback, once per epoch. */
  readonly onEpochEnd?: (info: { epoch: number; loss: number; validation: number }) => void;
}

/**
 * Anything that trains a query-side adapter from ranking examples. P, C-rand and O all use
 * the same learner, so they differ only in their training data.
 *
 * - `examples`: query texts with positive and negative doc ids.
 * - `itemVectors`: base doc vectors (normalised), keyed by doc id.
 * - `queryVectors`: base query vectors (normalised), keyed by query text.
 */
export interface Learner {
  readonly id: string;
  train(
    examples: readonly BenchExample[],
    itemVectors: VectorTable,
    queryVectors: VectorTable,
    options: LearnerTrainOptions,
  ): Promise<TrainedAdapter>;
}

/** The identity adapter (the base system, B0). */
export const identityAdapter = (dimension: number): QueryAdapter => ({
  dimension,
  apply: (queries) => queries,
});
