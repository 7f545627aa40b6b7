// Ports this package needs from the outside. They are owned here and kept narrow, so an
// experiments tracker, an artifact store or another model runtime fits them structurally
// without importing this package.
import type * as tf from '@tensorflow/tfjs';
import type { AdapterSide, HyperParams, ModelSpec } from '../plan/training-plan.js';

/** Final state of one training run. */
export type RunStatus = 'finished' | 'failed' | 'cancelled';

/** What {@link RunTracker.startRun} is told about a run. */
export interface RunStartInfo {
  /** 0-based trial number within this search. */
  readonly trial: number;
  /** sha256 of the canonical JSON of `params`: equal parameters, equal name (resumable runs). */
  readonly name: string;
  /** The trial's hyperparameters (empty without a search). */
  readonly params: HyperParams;
  /** Where the parameters came from. */
  readonly origin: 'plan' | 'initial' | 'random' | 'tpe';
  /** The main metric and its direction. */
  readonly mainMetric: { readonly name: string; readonly mode: 'max' | 'min' };
}

/**
 * Records runs, their parameters and metrics (e.g. an experiments tracker). Calls are awaited in
 * order; an error thrown here fails the current trial.
 */
export interface RunTracker {
  startRun(info: RunStartInfo): unknown;
  /** `step` is the optimizer step of the trial the value belongs to. */
  logMetric(name: string, value: number, step: number): unknown;
  /** `bestMetric` is the trial's best main-metric value (`null` when it never evaluated). */
  finishRun(status: RunStatus, bestMetric: number | null): unknown;
}

/** A saved model: JSON manifest plus raw weights (the shape of `@embedding-studio/model-runtime/tfjs` artifacts). */
export interface ModelArtifactData {
  readonly manifest: { readonly kind: string; readonly version: string };
  readonly weights: Uint8Array;
}

/** What {@link ArtifactWriter.writeBestModel} receives. */
export interface BestModelInfo {
  readonly artifact: ModelArtifactData;
  readonly trial: number;
  readonly params: HyperParams;
  readonly metric: { readonly name: string; readonly value: number };
}

/** Persists the best model of a training (only the best one is written). */
export interface ArtifactWriter {
  /** May return a reference (key, URL) that is passed back in the result. */
  writeBestModel(info: BestModelInfo): unknown;
}

/** One named weight tensor (row-major float32). */
export interface NamedWeightLike {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * What training needs from a model: its variables, a copy of its named weights (the names are
 * the parameter groups `frozen` refers to, in the order of `trainableVariables`) and disposal.
 */
export interface TrainableModel {
  readonly kind: string;
  readonly trainableVariables: readonly tf.Variable[];
  getWeights(): readonly NamedWeightLike[];
  dispose(): unknown;
}

/** A model applied to precomputed vectors (an adapter). */
export interface TrainableVectorModel extends TrainableModel {
  readonly side: AdapterSide;
  readonly inputDimension: number;
  /** Differentiable transform of `[n, inputDimension]` rows; the caller owns the result. */
  forward(x: tf.Tensor2D): tf.Tensor2D;
}

/** A model that embeds texts (queries and items alike). */
export interface TrainableTextModel extends TrainableModel {
  /** Differentiable `[texts.length, dimension]` embeddings; the caller owns the result. */
  forward(texts: readonly string[]): tf.Tensor2D;
}

/** How a model is created for a trial. */
export interface ModelCreateContext {
  /** Dimension of the given vectors (`null` when training on texts). */
  readonly inputDimension: number | null;
  /** The trial's seed (for seeded initialisations). */
  readonly seed: number;
}

/**
 * Creates, restores and serialises models. The default one uses
 * `@embedding-studio/model-runtime/tfjs`; pass another to train a different model family.
 */
export interface ModelProvider {
  create(spec: ModelSpec, context: ModelCreateContext): TrainableModel | Promise<TrainableModel>;
  load(artifact: ModelArtifactData): TrainableModel | Promise<TrainableModel>;
  save(model: TrainableModel): ModelArtifactData | Promise<ModelArtifactData>;
}

/**
 * Similarities of one batch, all cosine in `[-1, 1]`. Row `i` is one (query, positive) pair.
 */
export interface RankingScores {
  /** `[B]` s⁺: query · its positive. */
  readonly positive: tf.Tensor1D;
  /** `[B, K]` s⁻: query · each sampled negative (padded). */
  readonly negatives: tf.Tensor2D;
  /** `[B, K]` 1 for a real negative, 0 for padding. */
  readonly negativeMask: tf.Tensor2D;
  /** `[B]` row weights (IPS / confidence; 1 by default). */
  readonly weights: tf.Tensor1D;
  /**
   * `[B, B]` query_i · positive_j and the mask of usable in-batch negatives (other queries'
   * positives that are not positives of query i). Only present when the loss asks for it.
   */
  readonly inBatch?: { readonly scores: tf.Tensor2D; readonly mask: tf.Tensor2D };
}

/** A differentiable ranking loss on a batch's similarities. */
export type RankingLossFn = (scores: RankingScores) => tf.Scalar;
