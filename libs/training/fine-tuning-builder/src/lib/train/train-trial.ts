import * as tf from '@tensorflow/tfjs';
import { createRng } from '@embedding-studio/random';
import { FineTuningInvalidOptionError, FineTuningNonFiniteLossError } from '../../errors.js';
import { epochRows, negativesPerRow, packBatch, type PackedBatch } from '../data/batches.js';
import type { IndexedData } from '../data/training-data.js';
import { needsInBatchScores } from '../loss/ranking-losses.js';
import { testMetrics, testSimilarities, type EvalSet } from '../metrics/evaluator.js';
import { createTowers, splitFrozen, type DataTensors, type NamedVariable, type Towers } from '../model/towers.js';
import { METRIC_NAMES, type TrainingPlan } from '../plan/training-plan.js';
import type { Stopwatch } from '@embedding-studio/primitives';
import type { ModelArtifactData, ModelProvider, RankingLossFn, RunTracker, TrainableModel } from '../ports/ports.js';
import { scheduledLearningRate } from '../schedule/lr-schedule.js';
import { EarlyStopping, isImprovement } from './early-stopping.js';
import { createVariableOptimizer } from './optimizers.js';
import type { EvaluationRecord, TrainingCallbacks, TrainingPhase } from './types.js';

/** Thrown inside a trial when the abort signal fires; turned into a cancelled run. */
export class TrialCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'TrialCancelled';
  }
}

/** Everything a trial shares with the search around it. */
export interface TrialContext {
  readonly data: IndexedData;
  readonly tensors: DataTensors;
  readonly evalSet: EvalSet;
  readonly models: ModelProvider;
  readonly initialModel: ModelArtifactData | undefined;
  readonly createLoss: (plan: TrainingPlan) => RankingLossFn;
  readonly tracker: RunTracker | undefined;
  readonly stopwatch: Stopwatch;
  readonly signal: AbortSignal | undefined;
  readonly callbacks: TrainingCallbacks;
  readonly yieldEveryMs: number;
  /** Reports progress (the caller throttles step updates). */
  progress(phase: TrainingPhase, epoch: number, step: number, totalSteps: number, epochs: number, force: boolean): void;
}

/** What a trial produced, successful or not (the caller records failures). */
export interface TrialRun {
  bestMetric: number | null;
  bestEpoch: number | null;
  bestStep: number | null;
  stoppedEarly: boolean;
  epochsCompleted: number;
  steps: number;
  evaluations: EvaluationRecord[];
  artifact: ModelArtifactData | null;
}

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });

/** Similarity scores of one batch (all tensors owned by the caller's tidy). */
function batchLoss(towers: Towers, b: PackedBatch, loss: RankingLossFn): tf.Scalar {
  const q = towers.queries(b.queries);
  const itemRows = new Int32Array(b.size + b.size * b.k);
  itemRows.set(b.positives, 0);
  itemRows.set(b.negatives, b.size);
  const items = towers.items(itemRows);
  const dim = items.shape[1];
  const p = tf.slice(items, [0, 0], [b.size, dim]);
  const n = tf.reshape(tf.slice(items, [b.size, 0], [b.size * b.k, dim]), [b.size, b.k, dim]);
  const positive = tf.sum(tf.mul(q, p), 1) as tf.Tensor1D;
  const negatives = tf.sum(tf.mul(n, tf.expandDims(q, 1)), 2) as tf.Tensor2D;
  return loss({
    positive,
    negatives,
    negativeMask: tf.tensor2d(b.negativeMask, [b.size, b.k]),
    weights: tf.tensor1d(b.weights),
    ...(b.inBatchMask ? { inBatch: { scores: tf.matMul(q, p, false, true), mask: tf.tensor2d(b.inBatchMask, [b.size, b.size]) } } : {}),
  });
}

async function call(fn: ((info: never) => unknown) | undefined, info: unknown): Promise<void> {
  if (fn) await (fn as (i: unknown) => unknown)(info);
}

/**
 * Trains one model under one (already parameterised) plan: seeded epochs of shuffled rows,
 * scheduled learning rate, evaluation, best-checkpoint keeping and early stopping. Returns
 * the best checkpoint's artifact. Disposes every tensor it created, also on failure.
 */
export async function trainTrial(ctx: TrialContext, plan: TrainingPlan, trial: number): Promise<TrialRun> {
  const { data, callbacks } = ctx;
  const mainMetric = plan.evaluation.mainMetric;
  const run: TrialRun = {
    bestMetric: null,
    bestEpoch: null,
    bestStep: null,
    stoppedEarly: false,
    epochsCompleted: 0,
    steps: 0,
    evaluations: [],
    artifact: null,
  };
  let model: TrainableModel | null = null;
  let optimizer: ReturnType<typeof createVariableOptimizer> | null = null;
  let snapshot: tf.Tensor[] | null = null;
  try {
    model = ctx.initialModel ? await ctx.models.load(ctx.initialModel) : await ctx.models.create(plan.model, { inputDimension: data.dimension, seed: plan.seed });
    if (ctx.initialModel && model.kind !== plan.model.kind) {
      throw new FineTuningInvalidOptionError('initialModel', `is a ${model.kind} but plan.model.kind is ${plan.model.kind}; build the plan for the model you continue from.`);
    }
    const towers = createTowers(model, data, ctx.tensors);
    const { trainable } = splitFrozen(model, plan.frozen);
    if (trainable.length === 0) {
      throw new FineTuningInvalidOptionError('frozen', `freezes every parameter group of the ${model.kind} model, so nothing would train; unfreeze at least one.`);
    }
    const variables = trainable.map((t: NamedVariable) => t.variable);
    optimizer = createVariableOptimizer(plan.optimizer, variables);
    const loss = ctx.createLoss(plan);
    const inBatch = needsInBatchScores(plan.loss);
    const rng = createRng(plan.seed);
    const k = negativesPerRow(data.train, plan.maxNegatives);
    const rowsPerEpoch = data.train.reduce((n, e) => n + (e.weight > 0 ? e.positives.length : 0), 0);
    const stepsPerEpoch = Math.ceil(rowsPerEpoch / plan.batchSize);
    const totalSteps = stepsPerEpoch * plan.epochs;
    const stopper = plan.earlyStopping ? new EarlyStopping(plan.earlyStopping) : null;

    const before = await testSimilarities(towers, ctx.evalSet);
    let latest: Record<string, number> = {};
    let sinceEval: number[] = [];

    const evaluate = async (epoch: number, step: number): Promise<boolean> => {
      ctx.progress('evaluating', epoch, step, totalSteps, plan.epochs, true);
      const now = await testSimilarities(towers, ctx.evalSet);
      const metrics = testMetrics(ctx.evalSet, now, before, plan.evaluation.ndcgK, loss);
      if (sinceEval.length > 0) metrics[METRIC_NAMES.trainLoss] = sinceEval.reduce((s, v) => s + v, 0) / sinceEval.length;
      sinceEval = [];
      latest = metrics;
      run.evaluations.push({ epoch, step, metrics });
      if (ctx.tracker) for (const [name, value] of Object.entries(metrics)) await ctx.tracker.logMetric(name, value, step);
      const value = metrics[mainMetric.name];
      const improved = value !== undefined && isImprovement(value, run.bestMetric, mainMetric.mode);
      if (improved) {
        run.bestMetric = value;
        run.bestEpoch = epoch;
        run.bestStep = step;
        if (snapshot) tf.dispose(snapshot);
        snapshot = variables.map((v) => tf.keep(tf.clone(v)));
      }
      await call(callbacks.onEvaluation, { trial, epoch, step, metrics, improved, bestMetric: run.bestMetric });
      const decision = stopper?.observe(plan.earlyStopping ? metrics[plan.earlyStopping.metric] : undefined);
      return decision?.stop ?? false;
    };

    let stop = false;
    if (plan.evaluation.baseline) stop = await evaluate(0, 0);
    let lastYield = ctx.stopwatch.elapsedMs();
    let evaluatedAt = plan.evaluation.baseline ? 0 : -1;
    for (let epoch = 0; epoch < plan.epochs && !stop; epoch++) {
      ctx.progress('training', epoch + 1, run.steps, totalSteps, plan.epochs, true);
      const rows = epochRows(data.train, k, rng);
      let epochLossSum = 0;
      let epochSteps = 0;
      let lr = plan.optimizer.learningRate;
      for (let start = 0; start < rows.length; start += plan.batchSize) {
        if (ctx.signal?.aborted) throw new TrialCancelled();
        const batch = packBatch(rows.slice(start, start + plan.batchSize), k, data.train, inBatch);
        lr = scheduledLearningRate(plan.lrSchedule, plan.optimizer.learningRate, { epoch, step: run.steps, stepsPerEpoch, epochs: plan.epochs });
        const { value, grads } = tf.variableGrads(() => tf.tidy(() => batchLoss(towers, batch, loss)), variables);
        let lossValue: number;
        try {
          lossValue = (value.dataSync() as Float32Array)[0] as number;
          if (!Number.isFinite(lossValue)) throw new FineTuningNonFiniteLossError(lossValue, run.steps + 1, lr);
          const ordered = variables.map((v) => grads[v.name] ?? null);
          const zeros: (tf.Tensor | null)[] = ordered.map((g, i) => (g === null ? tf.zerosLike(variables[i] as tf.Tensor) : null));
          try {
            optimizer.step(
              ordered.map((g, i) => g ?? (zeros[i] as tf.Tensor)),
              lr,
            );
          } finally {
            tf.dispose(zeros.filter((z): z is tf.Tensor => z !== null));
          }
        } finally {
          value.dispose();
          tf.dispose(grads);
        }
        run.steps += 1;
        epochSteps += 1;
        epochLossSum += lossValue;
        sinceEval.push(lossValue);
        await call(callbacks.onStep, { trial, epoch, step: run.steps, loss: lossValue, learningRate: lr });
        ctx.progress('training', epoch + 1, run.steps, totalSteps, plan.epochs, false);
        if (plan.evaluation.everySteps !== null && run.steps % plan.evaluation.everySteps === 0) {
          evaluatedAt = run.steps;
          if (await evaluate(epoch, run.steps)) {
            stop = true;
            run.stoppedEarly = epoch < plan.epochs - 1 || start + plan.batchSize < rows.length;
            break;
          }
        }
        if (ctx.stopwatch.elapsedMs() - lastYield >= ctx.yieldEveryMs) {
          await yieldToEventLoop();
          lastYield = ctx.stopwatch.elapsedMs();
        }
      }
      if (!stop && plan.evaluation.everySteps === null) {
        evaluatedAt = run.steps;
        if (await evaluate(epoch, run.steps)) {
          stop = true;
          run.stoppedEarly = epoch < plan.epochs - 1;
        }
      }
      run.epochsCompleted = epoch + 1;
      const trainLoss = epochSteps > 0 ? epochLossSum / epochSteps : Number.NaN;
      await call(callbacks.onEpochEnd, {
        trial,
        epoch,
        step: run.steps,
        trainLoss,
        learningRate: lr,
        metrics: { ...latest, [METRIC_NAMES.trainLoss]: trainLoss },
        bestMetric: run.bestMetric,
      });
      if (ctx.tracker) await ctx.tracker.logMetric(METRIC_NAMES.learningRate, lr, run.steps);
    }
    // With evaluation every N steps, the last weights are evaluated too.
    if (evaluatedAt !== run.steps) await evaluate(Math.max(0, run.epochsCompleted - 1), run.steps);
    if (ctx.signal?.aborted) throw new TrialCancelled();

    if (snapshot) {
      const best = snapshot as tf.Tensor[];
      variables.forEach((v, i) => v.assign(best[i] as tf.Tensor));
      ctx.progress('saving', run.epochsCompleted, run.steps, totalSteps, plan.epochs, true);
      run.artifact = await ctx.models.save(model);
    }
    return run;
  } finally {
    if (snapshot) tf.dispose(snapshot as tf.Tensor[]);
    optimizer?.dispose();
    if (model) await model.dispose();
  }
}
