/**
 * A training plan is plain, JSON-safe data: it can be stored on a job, sent to a worker thread
 * and hashed. Build one with {@link FineTuningBuilder}, or parse one with `parseTrainingPlan`.
 */

/** JSON values allowed in model configs and search choices. */
export type PlanJson = string | number | boolean | null | readonly PlanJson[] | { readonly [key: string]: PlanJson };

/** Which vectors an adapter transforms: queries only (no re-indexing needed), items only, or both. */
export type AdapterSide = 'query' | 'item' | 'both';

/** `y = x·W + b`, identity at start. Trains on vectors. Parameter groups: `kernel`, `bias`. */
export interface LinearAdapterSpec {
  readonly kind: 'linear-adapter';
  readonly side: AdapterSide;
  /** Output dimension. `null` keeps the input dimension. */
  readonly outputDimension: number | null;
}

/** `y = x + x·A·B` with rank `r`, identity at start. Trains on vectors. Parameter groups: `a`, `b`. */
export interface LowRankResidualAdapterSpec {
  readonly kind: 'low-rank-residual-adapter';
  readonly side: AdapterSide;
  readonly rank: number;
}

/** A trainable hashed n-gram text encoder used for queries and items. Trains on texts. Parameter group: `table`. */
export interface HashedNgramEncoderSpec {
  readonly kind: 'hashed-ngram-encoder';
  readonly dimension: number;
  readonly buckets: number;
}

export type ModelSpec = LinearAdapterSpec | LowRankResidualAdapterSpec | HashedNgramEncoderSpec;
export type ModelKind = ModelSpec['kind'];

/** What a model of each kind consumes. */
export const MODEL_INPUTS: Readonly<Record<ModelKind, 'vectors' | 'texts'>> = {
  'linear-adapter': 'vectors',
  'low-rank-residual-adapter': 'vectors',
  'hashed-ngram-encoder': 'texts',
};

/**
 * Pairwise sigmoid-margin ranking loss over (positive, negative) pairs of one query:
 * `mean(σ(margin − (s⁺ − s⁻)) · w)`. With `steep`, the sigmoid is `σ(steepness·a − offset)`,
 * which penalises wrong-order differences above roughly `offset / steepness`.
 */
export interface ProbMarginLossSpec {
  readonly kind: 'prob-margin';
  readonly margin: number;
  readonly steep: boolean;
}

/**
 * InfoNCE / multiple-negatives ranking loss: softmax cross-entropy of the positive against the
 * row's negatives (and, with `inBatchNegatives`, the other rows' positives), at `temperature`.
 */
export interface InfoNceLossSpec {
  readonly kind: 'info-nce';
  readonly temperature: number;
  readonly inBatchNegatives: boolean;
}

export type LossSpec = ProbMarginLossSpec | InfoNceLossSpec;
export type LossKind = LossSpec['kind'];

/** Adam with decoupled weight decay (AdamW when `weightDecay > 0`). */
export interface AdamSpec {
  readonly kind: 'adam';
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/** Stochastic gradient descent with optional (heavy-ball) momentum and decoupled weight decay. */
export interface SgdSpec {
  readonly kind: 'sgd';
  readonly learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
}

export type OptimizerSpec = AdamSpec | SgdSpec;
export type OptimizerKind = OptimizerSpec['kind'];

/** Whether a schedule counts epochs or optimizer steps. */
export type ScheduleUnit = 'epoch' | 'step';

/** Linear warm-up from `startFactor · lr` to `lr` over `length` units, before the main schedule. */
export interface WarmupSpec {
  readonly unit: ScheduleUnit;
  readonly length: number;
  readonly startFactor: number;
}

/** The base learning rate throughout (after any warm-up). */
export interface ConstantScheduleSpec {
  readonly kind: 'constant';
  readonly warmup: WarmupSpec | null;
}

/** `lr · gamma^floor(t / stepSize)`, `t` counted in `unit`s after warm-up. */
export interface StepScheduleSpec {
  readonly kind: 'step';
  readonly unit: ScheduleUnit;
  readonly stepSize: number;
  readonly gamma: number;
  readonly warmup: WarmupSpec | null;
}

/** Cosine decay from `lr` to `minFactor · lr` over the rest of training (after warm-up). */
export interface CosineScheduleSpec {
  readonly kind: 'cosine';
  readonly unit: ScheduleUnit;
  readonly minFactor: number;
  readonly warmup: WarmupSpec | null;
}

export type LrScheduleSpec = ConstantScheduleSpec | StepScheduleSpec | CosineScheduleSpec;

/** Whether larger (`max`) or smaller (`min`) values of a metric are better. */
export type MetricMode = 'max' | 'min';

/** A metric name with its direction. */
export interface MetricTarget {
  readonly name: string;
  readonly mode: MetricMode;
}

export interface EvaluationSpec {
  /** Evaluate every N optimizer steps; `null` evaluates at the end of every epoch. */
  readonly everySteps: number | null;
  /** Also evaluate before the first step, so a run that only gets worse keeps the starting weights. */
  readonly baseline: boolean;
  /** `k` of `test_ndcg@k`. */
  readonly ndcgK: number;
  /** The metric that ranks checkpoints and trials. */
  readonly mainMetric: MetricTarget;
}

export interface EarlyStoppingSpec {
  readonly metric: string;
  readonly mode: MetricMode;
  /** Evaluations in a row without an improvement larger than `minDelta` before stopping. */
  readonly patience: number;
  /** Smallest change that counts as an improvement. */
  readonly minDelta: number;
}

/** A search dimension: one of listed values. */
export interface ChoiceDimension {
  readonly type: 'choice';
  readonly values: readonly PlanJson[];
}
/** A float drawn uniformly from `[low, high]`. */
export interface UniformDimension {
  readonly type: 'uniform';
  readonly low: number;
  readonly high: number;
}
/** A positive float whose logarithm is uniform on `[ln low, ln high]`. */
export interface LogUniformDimension {
  readonly type: 'loguniform';
  readonly low: number;
  readonly high: number;
}
/** An integer drawn uniformly from `low..high` (inclusive). */
export interface IntDimension {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
}

export type SearchDimension = ChoiceDimension | UniformDimension | LogUniformDimension | IntDimension;

/** Hyperparameter name → dimension. Names are {@link HYPER_PARAM_NAMES}. */
export type SearchSpace = { readonly [name: string]: SearchDimension };

/** The plan fields a trial may override. */
export interface HyperParams {
  /** `optimizer.learningRate` */
  readonly learningRate?: number;
  /** `optimizer.weightDecay` */
  readonly weightDecay?: number;
  /** `optimizer.momentum` (sgd only) */
  readonly momentum?: number;
  /** `loss.margin` (prob-margin only) */
  readonly margin?: number;
  /** `loss.steep` (prob-margin only) */
  readonly steep?: boolean;
  /** `loss.temperature` (info-nce only) */
  readonly temperature?: number;
  /** `batchSize` */
  readonly batchSize?: number;
  /** `epochs` */
  readonly epochs?: number;
  /** `maxNegatives` */
  readonly maxNegatives?: number;
  /** `model.rank` (low-rank-residual-adapter only) */
  readonly rank?: number;
}

export type HyperParamName = keyof HyperParams;

export const HYPER_PARAM_NAMES: readonly HyperParamName[] = [
  'learningRate',
  'weightDecay',
  'momentum',
  'margin',
  'steep',
  'temperature',
  'batchSize',
  'epochs',
  'maxNegatives',
  'rank',
];

export type SearchAlgorithm = 'random' | 'tpe';

export interface SearchSpec {
  readonly space: SearchSpace;
  readonly algorithm: SearchAlgorithm;
  /** Total number of trials, `initialParams` included. */
  readonly maxEvals: number;
  /** TPE draws at random until this many trials have run. */
  readonly initialMaxEvals: number;
  /** Parameter sets tried first, in order (e.g. the previous iteration's top-N). */
  readonly initialParams: readonly HyperParams[];
  /** TPE: fraction of finished trials that form the "good" group. */
  readonly gamma: number;
  /** TPE: candidates drawn from the good density per suggestion. */
  readonly candidates: number;
}

/** Everything one training needs besides data and I/O. Immutable, JSON-safe. */
export interface TrainingPlan {
  readonly version: 1;
  readonly model: ModelSpec;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly lrSchedule: LrScheduleSpec;
  readonly epochs: number;
  /** Rows (query, positive) per optimizer step. */
  readonly batchSize: number;
  /** Negatives per row, sampled without replacement each epoch; `null` uses all of them. */
  readonly maxNegatives: number | null;
  readonly evaluation: EvaluationSpec;
  readonly earlyStopping: EarlyStoppingSpec | null;
  /** Parameter groups (variable names, e.g. `bias`) excluded from the optimizer. */
  readonly frozen: readonly string[];
  readonly seed: number;
  /** Hyperparameter search; `null` runs the plan once. */
  readonly search: SearchSpec | null;
}

/** Names of the metrics computed at each evaluation. */
export const METRIC_NAMES = {
  trainLoss: 'train_loss',
  testLoss: 'test_loss',
  notIrrelevantShift: 'test_not_irrelevant_dist_shift',
  irrelevantShift: 'test_irrelevant_dist_shift',
  mrr: 'test_mrr',
  mrrLift: 'test_mrr_lift',
  ndcgPrefix: 'test_ndcg@',
  learningRate: 'learning_rate',
} as const;

/** The main metric of the original system: clicked items moved closer to their query (maximised). */
export const DEFAULT_MAIN_METRIC: MetricTarget = { name: METRIC_NAMES.notIrrelevantShift, mode: 'max' };
