import type { RankingExamples } from '@embedding-studio/data-loaders';
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
  /** Selection score of the kept epoch (`selectedBy` names it). */
  readonly bestValidation: number;
  /** The metric that picked the kept epoch, e.g. `test_ndcg@10` on dev queries. */
  readonly selectedBy: string;
  /** Training rows (query, clicked item) per epoch. */
  readonly pairs: number;
  /** Examples left out because their query has no base vector the learner may look up. */
  readonly skipped: number;
  readonly history: ReadonlyArray<{ epoch: number; loss: number; validation: number }>;
}

/** A trained adapter; `dispose` frees its tensors once the runner has ranked with it. */
export interface TrainedAdapter extends QueryAdapter {
  readonly summary: TrainSummary;
  dispose(): void;
}

/**
 * Judged queries that pick the kept epoch (the protocol's dev split). The score is nDCG@10 of
 * each query over its candidates: its judged relevant docs plus the base system's top-N.
 */
export interface ValidationSet {
  /** Base query vectors (normalised), by query id. */
  readonly queries: VectorTable;
  /** Query id → relevant doc ids (every query of `queries` has at least one). */
  readonly relevant: ReadonlyMap<string, ReadonlySet<string>>;
  /** Query id → the base system's top-N doc ids (candidates besides the relevant ones). */
  readonly candidates: ReadonlyMap<string, readonly string[]>;
}

/**
 * What a learner trains on: data-loaders' examples (from the click log, or from judgments for
 * the skyline), split into `train` and `test` by `prepareRankingDataset` / `splitItemDisjoint`.
 * `test` selects the epoch only when no {@link ValidationSet} is given.
 */
export interface LearnerInput {
  readonly train: RankingExamples;
  readonly test: RankingExamples;
  /** Base doc vectors (normalised), by doc id. */
  readonly items: VectorTable;
  /** Base query vectors (normalised), keyed by query text: the only queries a learner may look up. */
  readonly queries: VectorTable;
}

/** Per-run options every learner accepts. */
export interface LearnerTrainOptions {
  /** Fixes shuffling, negative sampling and initialisation. */
  readonly seed: number;
  /** Judged queries that pick the kept epoch; without it, the held-out `test` examples do. */
  readonly validation?: ValidationSet;
  /** Progress callback, once per epoch (1-based). */
  readonly onEpochEnd?: (info: { epoch: number; loss: number; validation: number }) => void;
}

/**
 * Anything that trains a query-side adapter from ranking examples. P, C-rand and O all use
 * the same learner, so they differ only in their training data.
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
