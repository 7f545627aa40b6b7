import { parseTrainingPlan } from './parse-plan.js';
import {
  DEFAULT_MAIN_METRIC,
  type AdapterSide,
  type HyperParams,
  type LrScheduleSpec,
  type MetricMode,
  type ModelSpec,
  type ScheduleUnit,
  type SearchAlgorithm,
  type SearchSpace,
  type TrainingPlan,
  type WarmupSpec,
} from './training-plan.js';

/** The plan a new builder starts from (every field set; see each builder method for meaning). */
export const DEFAULT_TRAINING_PLAN: TrainingPlan = {
  version: 1,
  model: { kind: 'linear-adapter', side: 'query', outputDimension: null },
  loss: { kind: 'prob-margin', margin: 0.1, steep: false },
  optimizer: { kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 },
  lrSchedule: { kind: 'constant', warmup: null },
  epochs: 5,
  batchSize: 64,
  maxNegatives: null,
  evaluation: { everySteps: null, baseline: true, ndcgK: 10, mainMetric: DEFAULT_MAIN_METRIC },
  earlyStopping: null,
  frozen: [],
  seed: 0,
  search: null,
};

export interface LinearAdapterOptions {
  /** Which vectors the adapter transforms. @defaultValue 'query' (no re-indexing needed) */
  side?: AdapterSide;
  /** Output dimension. @defaultValue the input dimension */
  outputDimension?: number;
}

export interface LowRankAdapterOptions {
  /** Rank of the residual update. @defaultValue 16 */
  rank?: number;
  /** Which vectors the adapter transforms. @defaultValue 'query' */
  side?: AdapterSide;
}

export interface HashedNgramEncoderOptions {
  /** Embedding dimension. @defaultValue 128 */
  dimension?: number;
  /** Rows of the hashed embedding table. @defaultValue 65536 */
  buckets?: number;
}

export interface ProbMarginLossOptions {
  /** Margin `m` in `σ(m − (s⁺ − s⁻))`. @defaultValue 0.1 */
  margin?: number;
  /** Use the steep sigmoid `σ(400·a − 6)` (penalises wrong-order differences above ≈ 0.015). @defaultValue false */
  steep?: boolean;
}

export interface InfoNceLossOptions {
  /** Softmax temperature. @defaultValue 0.05 */
  temperature?: number;
  /** Also use the other rows' positives as negatives. @defaultValue true */
  inBatchNegatives?: boolean;
}

export interface AdamOptions {
  /** @defaultValue 1e-3 */
  learningRate?: number;
  /** @defaultValue 0.9 */
  beta1?: number;
  /** @defaultValue 0.999 */
  beta2?: number;
  /** @defaultValue 1e-7 */
  epsilon?: number;
  /** Decoupled weight decay per step (`w ← w·(1 − lr·wd)`). @defaultValue 0 */
  weightDecay?: number;
}

export interface SgdOptions {
  /** @defaultValue 1e-2 */
  learningRate?: number;
  /** Heavy-ball momentum. @defaultValue 0 */
  momentum?: number;
  /** Decoupled weight decay per step. @defaultValue 0 */
  weightDecay?: number;
}

export interface WarmupOptions {
  /** @defaultValue 'step' */
  unit?: ScheduleUnit;
  /** Number of units of warm-up. */
  length: number;
  /** The learning-rate factor at the first unit. @defaultValue 0 */
  startFactor?: number;
}

export interface StepLrOptions {
  /** Decay every `stepSize` units. */
  stepSize: number;
  /** Multiplier at each decay. @defaultValue 0.9 */
  gamma?: number;
  /** @defaultValue 'epoch' */
  unit?: ScheduleUnit;
  /** @defaultValue no warm-up */
  warmup?: WarmupOptions;
}

export interface CosineLrOptions {
  /** Final learning rate as a fraction of the base. @defaultValue 0 */
  minFactor?: number;
  /** @defaultValue 'step' */
  unit?: ScheduleUnit;
  /** @defaultValue no warm-up */
  warmup?: WarmupOptions;
}

export interface EarlyStoppingOptions {
  /** @defaultValue the main metric */
  metric?: string;
  /** @defaultValue the main metric's mode when `metric` is the main metric, else 'max' */
  mode?: MetricMode;
  /** Evaluations without improvement before stopping. @defaultValue 3 */
  patience?: number;
  /** Smallest change that counts as an improvement. @defaultValue 0 */
  minDelta?: number;
}

export interface SearchOptions {
  /** @defaultValue 'tpe' */
  algorithm?: SearchAlgorithm;
  /** Total number of trials, `initialParams` included. @defaultValue 10 */
  maxEvals?: number;
  /** Random trials before TPE starts modelling. @defaultValue min(5, maxEvals) */
  initialMaxEvals?: number;
  /** Parameter sets to try first (e.g. the previous iteration's best). @defaultValue [] */
  initialParams?: readonly HyperParams[];
  /** TPE: fraction of trials in the "good" group. @defaultValue 0.25 */
  gamma?: number;
  /** TPE: candidates scored per suggestion. @defaultValue 24 */
  candidates?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function warmupSpec(w: WarmupOptions | undefined): WarmupSpec | null {
  return w === undefined ? null : { unit: w.unit ?? 'step', length: w.length, startFactor: w.startFactor ?? 0 };
}

/**
 * Fluent, immutable builder of a {@link TrainingPlan}: every method returns a new builder and
 * leaves this one unchanged, so a shared base can be specialised safely.
 *
 * @example
 * ```ts
 * const plan = FineTuningBuilder.create()
 *   .linearAdapter({ side: 'query' })
 *   .infoNceLoss({ temperature: 0.05 })
 *   .adam({ learningRate: 2e-3 })
 *   .cosineLr({ warmup: { length: 20 } })
 *   .epochs(4)
 *   .earlyStopping({ patience: 2 })
 *   .search({ learningRate: { type: 'loguniform', low: 1e-4, high: 1e-2 } }, { maxEvals: 8 })
 *   .build();
 * ```
 */
export class FineTuningBuilder {
  private constructor(private readonly draft: TrainingPlan) {}

  /** A builder starting from {@link DEFAULT_TRAINING_PLAN}, or from `base` (e.g. a stored plan). */
  static create(base: TrainingPlan = DEFAULT_TRAINING_PLAN): FineTuningBuilder {
    return new FineTuningBuilder(base);
  }

  private with(patch: Partial<Mutable<TrainingPlan>>): FineTuningBuilder {
    return new FineTuningBuilder({ ...this.draft, ...patch });
  }

  /** Sets the model to train. */
  model(spec: ModelSpec): FineTuningBuilder {
    return this.with({ model: spec });
  }

  /** Trains a {@link LinearAdapterSpec | linear adapter} on vectors. */
  linearAdapter(options: LinearAdapterOptions = {}): FineTuningBuilder {
    return this.model({ kind: 'linear-adapter', side: options.side ?? 'query', outputDimension: options.outputDimension ?? null });
  }

  /** Trains a low-rank residual adapter on vectors. */
  lowRankAdapter(options: LowRankAdapterOptions = {}): FineTuningBuilder {
    return this.model({ kind: 'low-rank-residual-adapter', side: options.side ?? 'query', rank: options.rank ?? 16 });
  }

  /** Trains a hashed n-gram text encoder on query and item texts. */
  hashedNgramEncoder(options: HashedNgramEncoderOptions = {}): FineTuningBuilder {
    return this.model({ kind: 'hashed-ngram-encoder', dimension: options.dimension ?? 128, buckets: options.buckets ?? 65536 });
  }

  /** The pairwise sigmoid-margin ranking loss (optionally the steep variant). */
  probMarginLoss(options: ProbMarginLossOptions = {}): FineTuningBuilder {
    return this.with({ loss: { kind: 'prob-margin', margin: options.margin ?? 0.1, steep: options.steep ?? false } });
  }

  /** The InfoNCE / multiple-negatives ranking loss. */
  infoNceLoss(options: InfoNceLossOptions = {}): FineTuningBuilder {
    return this.with({ loss: { kind: 'info-nce', temperature: options.temperature ?? 0.05, inBatchNegatives: options.inBatchNegatives ?? true } });
  }

  adam(options: AdamOptions = {}): FineTuningBuilder {
    return this.with({
      optimizer: {
        kind: 'adam',
        learningRate: options.learningRate ?? 1e-3,
        beta1: options.beta1 ?? 0.9,
        beta2: options.beta2 ?? 0.999,
        epsilon: options.epsilon ?? 1e-7,
        weightDecay: options.weightDecay ?? 0,
      },
    });
  }

  sgd(options: SgdOptions = {}): FineTuningBuilder {
    return this.with({
      optimizer: { kind: 'sgd', learningRate: options.learningRate ?? 1e-2, momentum: options.momentum ?? 0, weightDecay: options.weightDecay ?? 0 },
    });
  }

  /** Changes only the base learning rate of the current optimizer. */
  learningRate(value: number): FineTuningBuilder {
    return this.with({ optimizer: { ...this.draft.optimizer, learningRate: value } });
  }

  lrSchedule(spec: LrScheduleSpec): FineTuningBuilder {
    return this.with({ lrSchedule: spec });
  }

  /** Constant learning rate, optionally after a linear warm-up. */
  constantLr(options: { warmup?: WarmupOptions } = {}): FineTuningBuilder {
    return this.lrSchedule({ kind: 'constant', warmup: warmupSpec(options.warmup) });
  }

  /** Step decay: `lr · gamma^floor(t / stepSize)`. */
  stepLr(options: StepLrOptions): FineTuningBuilder {
    return this.lrSchedule({
      kind: 'step',
      unit: options.unit ?? 'epoch',
      stepSize: options.stepSize,
      gamma: options.gamma ?? 0.9,
      warmup: warmupSpec(options.warmup),
    });
  }

  /** Cosine decay to `minFactor · lr` over the training. */
  cosineLr(options: CosineLrOptions = {}): FineTuningBuilder {
    return this.lrSchedule({ kind: 'cosine', unit: options.unit ?? 'step', minFactor: options.minFactor ?? 0, warmup: warmupSpec(options.warmup) });
  }

  epochs(value: number): FineTuningBuilder {
    return this.with({ epochs: value });
  }

  batchSize(value: number): FineTuningBuilder {
    return this.with({ batchSize: value });
  }

  /** Negatives per row, sampled without replacement each epoch; `null` uses all. */
  maxNegatives(value: number | null): FineTuningBuilder {
    return this.with({ maxNegatives: value });
  }

  /** Evaluate every `steps` optimizer steps, or once per epoch with `'epoch'`. */
  evaluateEvery(steps: number | 'epoch'): FineTuningBuilder {
    return this.with({ evaluation: { ...this.draft.evaluation, everySteps: steps === 'epoch' ? null : steps } });
  }

  /** Whether to evaluate the starting weights before training (they can then win). */
  baselineEvaluation(enabled: boolean): FineTuningBuilder {
    return this.with({ evaluation: { ...this.draft.evaluation, baseline: enabled } });
  }

  /** The cut-off of `test_ndcg@k`. */
  ndcgAt(k: number): FineTuningBuilder {
    return this.with({ evaluation: { ...this.draft.evaluation, ndcgK: k } });
  }

  /** The metric that selects the best checkpoint and trial. */
  mainMetric(name: string, mode: MetricMode): FineTuningBuilder {
    return this.with({ evaluation: { ...this.draft.evaluation, mainMetric: { name, mode } } });
  }

  /** Stops a run after `patience` evaluations without improvement; `null` turns it off. */
  earlyStopping(options: EarlyStoppingOptions | null): FineTuningBuilder {
    if (options === null) return this.with({ earlyStopping: null });
    const main = this.draft.evaluation.mainMetric;
    const metric = options.metric ?? main.name;
    return this.with({
      earlyStopping: {
        metric,
        mode: options.mode ?? (metric === main.name ? main.mode : 'max'),
        patience: options.patience ?? 3,
        minDelta: options.minDelta ?? 0,
      },
    });
  }

  /** Parameter groups (variable names such as `bias`) kept out of the optimizer; replaces earlier calls. */
  freeze(...groups: string[]): FineTuningBuilder {
    return this.with({ frozen: groups });
  }

  seed(value: number): FineTuningBuilder {
    return this.with({ seed: value });
  }

  /** Declares a hyperparameter search over `space`; `null` turns it off. */
  search(space: SearchSpace | null, options: SearchOptions = {}): FineTuningBuilder {
    if (space === null) return this.with({ search: null });
    const maxEvals = options.maxEvals ?? 10;
    return this.with({
      search: {
        space,
        algorithm: options.algorithm ?? 'tpe',
        maxEvals,
        initialMaxEvals: options.initialMaxEvals ?? Math.max(1, Math.min(5, maxEvals)),
        initialParams: options.initialParams ?? [],
        gamma: options.gamma ?? 0.25,
        candidates: options.candidates ?? 24,
      },
    });
  }

  /**
   * Validates and returns the immutable (deeply frozen) plan.
   *
   * @throws FineTuningInvalidPlanError listing every invalid field, e.g. `optimizer.learningRate`.
   */
  build(): TrainingPlan {
    return parseTrainingPlan(this.draft);
  }
}
