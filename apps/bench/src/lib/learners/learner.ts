import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
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
  /** Epoch whose weights were kept (0 = the starting identity). */
  readonly bestEpoch: number;
  /** Selection score of the kept epoch (`selectedBy` names it). */
  readonly bestValidation: number;
  /** The metric that picked the kept epoch, e.g. `test_not_irrelevant_dist_shift` on held-out items of the click log. */
  readonly selectedBy: string;
  /** Training rows (query, clicked item) per epoch. */
  readonly pairs: number;
  readonly history: ReadonlyArray<{ epoch: number; loss: number; validation: number }>;
}

/** A trained adapter; `dispose` frees its tensors once the runner has ranked with it. */
export interface TrainedAdapter extends QueryAdapter {
  readonly summary: TrainSummary;
  dispose(): void;
}

/**
 * What a learner trains on: the click log as the clickstream service stores it (or, for the
 * skyline, sessions built from judgments), plus the base vectors it may look up.
 */
export interface LearnerInput {
  readonly sessions: readonly SessionWithEvents[];
  /** Base doc vectors (normalised), by doc id. */
  readonly items: VectorTable;
  /** Doc texts by id (what the product's item loader would return). */
  readonly documents: ReadonlyMap<string, string>;
  /** Base query vectors (normalised), keyed by query text: the only queries a learner may look up. */
  readonly queries: VectorTable;
}

/** Per-run options every learner accepts. */
export interface LearnerTrainOptions {
  /** Fixes sampling, the split, shuffling and initialisation. */
  readonly seed: number;
  /** Progress callback, once per epoch (1-based). */
  readonly onEpochEnd?: (info: { epoch: number; loss: number; validation: number }) => void;
}

/**
 * Anything that trains a query-side adapter from sessions. P, C-rand and O all use the same
 * learner, so they differ only in their sessions.
 */
export interface Learner {
  readonly id: string;
  train(input: LearnerInput, options: LearnerTrainOptions): Promise<TrainedAdapter>;
}

/** The identity adapter (the base system, B0). */
export const identityAdapter = (dimension: number): QueryAdapter => ({
  dimension,
  apply: (queries) => queries,
});
