import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { hasErrorCode, serializeError } from '@embedding-studio/errors';
import {
  FineTuningAllTrialsFailedError,
  FineTuningCancelledError,
  FineTuningInvalidDataError,
  FineTuningInvalidOptionError,
} from '../../errors.js';
import { indexTrainingData, type TrainingData } from '../data/training-data.js';
import { createRankingLoss } from '../loss/ranking-losses.js';
import { createEvalSet } from '../metrics/evaluator.js';
import { createTfjsModelProvider } from '../model/tfjs-model-provider.js';
import { createDataTensors } from '../model/towers.js';
import { useFastWasmMatMul } from '../model/wasm-matmul.js';
import { applyHyperParams, parseTrainingPlan } from '../plan/parse-plan.js';
import { METRIC_NAMES, type HyperParams, type LossSpec, type TrainingPlan } from '../plan/training-plan.js';
import { systemStopwatch, type Stopwatch } from '@embedding-studio/primitives';
import { type ArtifactWriter, type ModelArtifactData, type ModelProvider, type RankingLossFn, type RunTracker } from '../ports/ports.js';
import { createParamSampler, type TrialObservation } from '../search/param-sampler.js';
import { isImprovement } from './early-stopping.js';
import { TrialCancelled, trainTrial, type TrialContext } from './train-trial.js';
import type { TrainingCallbacks, TrainingPhase, TrainingProgress, TrainingResult, TrialOrigin, TrialResult } from './types.js';

/** Dependencies and hooks of {@link runTraining}. */
export interface RunTrainingDeps extends TrainingCallbacks {
  /** Examples and the vectors (or texts) they reference. */
  data: TrainingData;
  /**
   * Creates / restores / saves models.
   * @defaultValue `createTfjsModelProvider()` (the adapters and encoder of `@embedding-studio/model-runtime/tfjs`)
   */
  models?: ModelProvider;
  /** Every trial starts from a copy of this model (the iteration chain) instead of a fresh one. @defaultValue a fresh model per `plan.model` */
  initialModel?: ModelArtifactData;
  /** Builds the loss of a (parameterised) plan. @defaultValue the built-in losses for `plan.loss` */
  createLoss?: (loss: LossSpec, plan: TrainingPlan) => RankingLossFn;
  /** Records runs and metrics. @defaultValue none */
  tracker?: RunTracker;
  /** Writes the best model once, at the end. @defaultValue none */
  artifactWriter?: ArtifactWriter;
  /** Times durations and throttling. @defaultValue systemStopwatch (`performance.now()`) */
  stopwatch?: Stopwatch;
  /** Aborting stops at the next step; `runTraining` then rejects with `FINE_TUNING_CANCELLED`. */
  signal?: AbortSignal;
  /** Coarse progress; step updates are throttled to one per `progressEveryMs`. @defaultValue none */
  onProgress?: (progress: TrainingProgress) => unknown;
  /** Minimum milliseconds between progress updates during steps. @defaultValue 250 */
  progressEveryMs?: number;
  /** The loop yields to the event loop (a macrotask) when this many ms passed since the last yield; 0 yields after every step. @defaultValue 0 */
  yieldEveryMs?: number;
}

/** Errors that do not depend on a trial's parameters: the search stops instead of repeating them. */
const SETUP_ERROR_CODES = ['FINE_TUNING_INVALID_OPTION', 'FINE_TUNING_UNKNOWN_PARAMETER_GROUP', 'FINE_TUNING_INVALID_DATA'] as const;

/** sha256 of the canonical JSON of trial parameters: the run name (equal params, equal name). */
export function paramsName(params: HyperParams): string {
  const canonical = JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return createHash('sha256').update(canonical).digest('hex');
}

function nonNegative(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new FineTuningInvalidOptionError(field, `must be a finite number ≥ 0, got ${String(value)}.`);
  return value;
}

/**
 * Trains the plan on the data: once, or once per trial of the plan's hyperparameter search
 * (`initialParams` first, then seeded random / TPE suggestions, up to `maxEvals`). Each trial
 * keeps its best evaluated checkpoint; the best trial's checkpoint is returned (and written
 * through `artifactWriter`). A trial that throws is recorded as `failed` with its error and
 * is not shown to the sampler as a quality value.
 *
 * @throws FineTuningInvalidPlanError / FineTuningInvalidDataError / FineTuningInvalidOptionError before training.
 * @throws FineTuningCancelledError when `signal` aborts.
 * @throws FineTuningAllTrialsFailedError when no trial succeeded.
 */
export async function runTraining(planInput: TrainingPlan, deps: RunTrainingDeps): Promise<TrainingResult> {
  const plan = parseTrainingPlan(planInput);
  if (typeof deps !== 'object' || deps === null) throw new FineTuningInvalidOptionError('deps', 'must be an object { data, ... }.');
  const stopwatch = deps.stopwatch ?? systemStopwatch;
  const progressEveryMs = nonNegative(deps.progressEveryMs, 'deps.progressEveryMs', 250);
  const yieldEveryMs = nonNegative(deps.yieldEveryMs, 'deps.yieldEveryMs', 0);
  const data = indexTrainingData(deps.data);
  checkMetricsAvailable(plan, data.test.some((e) => e.positives.length === 0 && e.negatives.length > 0));

  const search = plan.search;
  if (deps.initialModel && search && ('rank' in search.space || search.initialParams.some((p) => p.rank !== undefined))) {
    throw new FineTuningInvalidOptionError('initialModel', 'fixes the model shape, so the search cannot vary rank; remove rank from search.space and search.initialParams.');
  }
  const trials = search ? search.maxEvals : 1;
  const mode = plan.evaluation.mainMetric.mode;
  const sampler = search ? createParamSampler(search, { seed: plan.seed, mode }) : null;
  const runs: TrialResult[] = [];
  const history: TrialObservation[] = [];
  let best: { trial: number; params: HyperParams; value: number; artifact: ModelArtifactData } | null = null;
  let current = 0;
  let lastProgress = -Infinity;

  const report = (phase: TrainingPhase, epoch: number, step: number, totalSteps: number, epochs: number, force: boolean): void => {
    if (!deps.onProgress) return;
    const now = stopwatch.elapsedMs();
    if (!force && now - lastProgress < progressEveryMs) return;
    lastProgress = now;
    void deps.onProgress({ phase, trial: current + 1, trials, epoch, epochs, step, totalSteps, bestMetric: best?.value ?? null });
  };

  report('preparing', 0, 0, 0, plan.epochs, true);
  if (tf.getBackend() === 'wasm') useFastWasmMatMul();
  const tensors = createDataTensors(data);
  const ctx: TrialContext = {
    data,
    tensors,
    evalSet: createEvalSet(data.test),
    models: deps.models ?? createTfjsModelProvider(),
    initialModel: deps.initialModel,
    createLoss: (p) => (deps.createLoss ? deps.createLoss(p.loss, p) : createRankingLoss(p.loss)),
    tracker: deps.tracker,
    stopwatch,
    signal: deps.signal,
    callbacks: { ...pick(deps) },
    yieldEveryMs,
    progress: report,
  };
  try {
    for (current = 0; current < trials; current++) {
      if (deps.signal?.aborted) throw new FineTuningCancelledError(runs.length, abortReason(deps.signal));
      let params: HyperParams = {};
      let origin: TrialOrigin = 'plan';
      if (search && sampler) {
        const initial = search.initialParams[current];
        if (initial) {
          params = initial;
          origin = 'initial';
        } else {
          const s = sampler.suggest(history);
          params = s.params;
          origin = s.origin;
        }
      }
      const name = paramsName(params);
      const started = stopwatch.elapsedMs();
      let status: TrialResult['status'] = 'finished';
      let error: unknown;
      let outcome: Awaited<ReturnType<typeof trainTrial>> | null = null;
      let trackerStarted = false;
      try {
        const trialPlan = applyHyperParams(plan, params);
        if (deps.tracker) {
          await deps.tracker.startRun({ trial: current, name, params, origin, mainMetric: plan.evaluation.mainMetric });
          trackerStarted = true;
        }
        outcome = await trainTrial(ctx, trialPlan, current);
      } catch (e) {
        error = e;
        status = e instanceof TrialCancelled || deps.signal?.aborted ? 'cancelled' : 'failed';
      }
      const value = outcome?.bestMetric ?? null;
      if (deps.tracker && trackerStarted) await deps.tracker.finishRun(status, status === 'finished' ? value : null);
      const result: TrialResult = {
        trial: current,
        name,
        origin,
        params,
        status,
        bestMetric: status === 'finished' ? value : null,
        bestEpoch: outcome?.bestEpoch ?? null,
        bestStep: outcome?.bestStep ?? null,
        stoppedEarly: outcome?.stoppedEarly ?? false,
        epochsCompleted: outcome?.epochsCompleted ?? 0,
        steps: outcome?.steps ?? 0,
        evaluations: outcome?.evaluations ?? [],
        durationMs: stopwatch.elapsedMs() - started,
        ...(status === 'failed' ? { error: serializeError(error) } : {}),
      };
      runs.push(result);
      history.push({ params, status: status === 'finished' && value !== null ? 'succeeded' : status === 'cancelled' ? 'cancelled' : 'failed', value });
      if (status === 'cancelled') throw new FineTuningCancelledError(runs.length - 1, abortReason(deps.signal));
      // A model / data / option mismatch fails every trial the same way: stop at once.
      if (status === 'failed' && SETUP_ERROR_CODES.some((code) => hasErrorCode(error, code))) throw error;
      if (status === 'finished' && value !== null && outcome?.artifact && (best === null || isImprovement(value, best.value, mode))) {
        best = { trial: current, params, value, artifact: outcome.artifact };
      }
      if (deps.onTrialEnd) await deps.onTrialEnd(result);
    }
  } finally {
    tensors.dispose();
  }
  if (!best) {
    const failed = runs.filter((r) => r.status === 'failed');
    throw new FineTuningAllTrialsFailedError(
      failed.map((r) => ({ index: r.trial, params: { ...r.params }, error: r.error as NonNullable<TrialResult['error']> })),
    );
  }
  current = best.trial;
  let bestModelRef: unknown;
  if (deps.artifactWriter) {
    report('saving', 0, 0, 0, plan.epochs, true);
    bestModelRef = await deps.artifactWriter.writeBestModel({
      artifact: best.artifact,
      trial: best.trial,
      params: best.params,
      metric: { name: plan.evaluation.mainMetric.name, value: best.value },
    });
  }
  current = trials - 1;
  report('finished', 0, 0, 0, plan.epochs, true);
  return {
    bestTrial: best.trial,
    bestParams: best.params,
    bestMetric: { ...plan.evaluation.mainMetric, value: best.value },
    bestModel: best.artifact,
    ...(deps.artifactWriter ? { bestModelRef } : {}),
    runs,
    plan,
  };
}

function pick(deps: RunTrainingDeps): TrainingCallbacks {
  const out: TrainingCallbacks = {};
  if (deps.onStep) out.onStep = deps.onStep;
  if (deps.onEvaluation) out.onEvaluation = deps.onEvaluation;
  if (deps.onEpochEnd) out.onEpochEnd = deps.onEpochEnd;
  return out;
}

function abortReason(signal: AbortSignal | undefined): string | undefined {
  const r: unknown = signal?.reason;
  if (r === undefined) return undefined;
  return r instanceof Error ? r.message : String(r);
}

/** The main and early-stopping metrics must be computable from this test split. */
function checkMetricsAvailable(plan: TrainingPlan, hasIrrelevant: boolean): void {
  const needed = [
    { field: 'evaluation.mainMetric.name', name: plan.evaluation.mainMetric.name },
    ...(plan.earlyStopping ? [{ field: 'earlyStopping.metric', name: plan.earlyStopping.metric }] : []),
  ];
  for (const { field, name } of needed) {
    if (name === METRIC_NAMES.irrelevantShift && !hasIrrelevant) {
      throw new FineTuningInvalidDataError([
        { field: 'data.test', message: `has no session without clicks, which ${field} = ${name} needs; pick another metric or add such sessions` },
      ]);
    }
  }
}
