import type { ArtifactStore } from '@embedding-studio/artifact-store';
import { isAppError, isTransientError, serializeError, toError } from '@embedding-studio/errors';
import type { ExperimentsTracker, IterationSession, ModelRecord } from '@embedding-studio/experiments-tracker';
import {
  paramsName,
  type HyperParams,
  type RunTrainingInWorkerOptions,
  type TrainingData,
  type TrainingPlan,
  type TrainingProgress,
  type TrainingResult,
} from '@embedding-studio/fine-tuning-builder';
import type { MethodContext, MethodRegistry } from '@embedding-studio/fine-tuning-plugins';
import { isTaskLeaseLostError, type FineTuningTask, type FineTuningTaskService, type TaskProgressInput } from '@embedding-studio/fine-tuning-tasks';
import { MODEL_ARTIFACT_BUNDLE_CONTENT_TYPE, decodeModelArtifact, encodeModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import type { Logger } from '@embedding-studio/observability';
import { FineTuningWorkerInterruptedError, FineTuningWorkerNoSessionsError } from '../errors.js';
import type { BatchPort } from './batches.js';

/** The worker side of the task service: claim under a lease, heartbeat with progress, finish. */
export type TaskLeases = Pick<FineTuningTaskService, 'claim' | 'heartbeat' | 'setBatch' | 'complete' | 'fail'>;

/** The experiments tracker as a run drives it: the plugin's initial model and the iteration chain. */
export type IterationTracker = Pick<ExperimentsTracker, 'ensureInitialModel' | 'startIteration'>;

/** Runs training off the calling thread; `runTrainingInWorker` of fine-tuning-builder by default. */
export type TrainFn = (plan: TrainingPlan, data: TrainingData, options: RunTrainingInWorkerOptions) => Promise<TrainingResult>;

export interface FineTuningRunnerDeps {
  tasks: TaskLeases;
  batches: BatchPort;
  tracker: IterationTracker;
  /** Where the tracker's model artifacts are read from (the starting model's bytes). */
  artifacts: Pick<ArtifactStore, 'read'>;
  methods: MethodRegistry;
  train: TrainFn;
  logger: Logger;
  /** This worker's identity in task leases (e.g. `<host>:<pid>:<random>`). */
  owner: string;
  /** How long a claim stays valid without a heartbeat. @defaultValue 60 000 */
  leaseMs?: number;
  /** Heartbeat period (renews the lease, writes progress). @defaultValue leaseMs / 4 */
  heartbeatMs?: number;
  /** Also called at each heartbeat (e.g. to renew the job queue's lock). */
  onHeartbeat?: () => Promise<unknown>;
  /** Turns a model id into the task's `best_model_url`. */
  modelUrl: (modelId: string) => string;
  /** Previous-iteration parameter sets re-tried first. @defaultValue 10 */
  topN?: number;
  /** Attempts before a transient failure becomes `error`. @defaultValue 3 */
  maxAttempts?: number;
  /** Backoff of the first retry; doubles per attempt. @defaultValue 15 000 */
  retryBaseMs?: number;
}

/** How a run ended (for logs and tests). */
export type RunOutcome =
  | { readonly status: 'not-claimed' }
  | { readonly status: 'done'; readonly model: ModelRecord }
  | { readonly status: 'error' | 'retrying'; readonly code: string }
  | { readonly status: 'lease-lost' | 'interrupted' };

/** Share of the progress bar before training starts (data preparation, embedding). */
const PREPARE_SHARE = 0.2;

function trainingFraction(p: TrainingProgress): number {
  const perTrial = 1 / Math.max(1, p.trials);
  const inTrial = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : p.epochs > 0 ? p.epoch / p.epochs : 0;
  return PREPARE_SHARE + (1 - PREPARE_SHARE) * Math.min(1, (p.trial - 1 + inTrial) * perTrial);
}

/** Merges the previous iteration's best parameters into the plan's search (tried first). */
export function withInitialParams(plan: TrainingPlan, top: readonly HyperParams[]): TrainingPlan {
  if (!plan.search || top.length === 0) return plan;
  const known = new Set(Object.keys(plan.search.space));
  const usable = top
    .map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => known.has(k))) as HyperParams)
    .filter((p) => Object.keys(p).length === known.size);
  if (usable.length === 0) return plan;
  const seen = new Set<string>();
  const initialParams = [...usable, ...plan.search.initialParams].filter((p) => {
    const name = paramsName(p);
    return seen.has(name) ? false : (seen.add(name), true);
  });
  return { ...plan, search: { ...plan.search, initialParams, maxEvals: Math.max(plan.search.maxEvals, initialParams.length) } };
}

/**
 * Creates the function that runs one fine-tuning task to its end, following the worker algorithm:
 * claim → release the collecting batch when the task has none (release id = task id) → read the
 * batch → plugin: initial model, data and plan → iteration (starting model, top params) →
 * training in a worker thread with runs and metrics tracked and the best model saved →
 * `done` with `best_model_url`. Heartbeats renew the lease and publish progress; a lost lease
 * (cancel, takeover) aborts training without writing. Transient failures go back to pending with
 * exponential backoff; others end in `error` with `{ name, code, message }`.
 */
export interface RunTaskOptions {
  /** Aborting interrupts the run and hands the task back (e.g. the worker is shutting down). */
  signal?: AbortSignal;
  /** Called after each successful heartbeat of this run (e.g. to renew the job's queue lock). */
  onHeartbeat?: () => Promise<unknown>;
}

/** Runs one task; see {@link createFineTuningRunner}. */
export type FineTuningRunner = (taskId: string, options?: RunTaskOptions) => Promise<RunOutcome>;

export function createFineTuningRunner(deps: FineTuningRunnerDeps): FineTuningRunner {
  const leaseMs = deps.leaseMs ?? 60_000;
  const heartbeatMs = deps.heartbeatMs ?? Math.max(250, Math.floor(leaseMs / 4));
  const maxAttempts = deps.maxAttempts ?? 3;
  const retryBaseMs = deps.retryBaseMs ?? 15_000;
  const topN = deps.topN ?? 10;

  return async function runTask(taskId, options = {}) {
    const log = deps.logger.child({ taskId });
    const task = await deps.tasks.claim(taskId, { owner: deps.owner, leaseMs });
    if (!task) {
      log.info('task not claimable (finished, canceled or held by another worker); skipping');
      return { status: 'not-claimed' };
    }
    log.info('task claimed', { attempt: task.attempt, method: task.fine_tuning_method });

    const abort = new AbortController();
    const onOuterAbort = (): void => abort.abort(options.signal?.reason ?? 'worker stopping');
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let progress: TaskProgressInput = { phase: 'preparing', fraction: 0, message: 'claimed' };
    let leaseLost = false;
    let beating: Promise<unknown> = Promise.resolve();
    const beat = async (): Promise<void> => {
      try {
        await deps.tasks.heartbeat(task.id, deps.owner, progress, leaseMs);
        await deps.onHeartbeat?.();
        await options.onHeartbeat?.();
      } catch (error) {
        if (isTaskLeaseLostError(error)) {
          leaseLost = true;
          log.warn('lease lost (canceled or taken over); stopping', { reason: toError(error).message });
          abort.abort('lease lost');
        } else {
          log.warn('heartbeat failed; will retry', { error: toError(error).message });
        }
      }
    };
    const timer = setInterval(() => {
      beating = beat();
    }, heartbeatMs);
    const report = (next: TaskProgressInput): void => {
      progress = next;
    };
    /** Ends the heartbeats before the task is completed, so none lands on a finished task. */
    const stopHeartbeat = async (): Promise<void> => {
      clearInterval(timer);
      await beating;
      abort.signal.throwIfAborted();
    };

    try {
      const model = await execute(task, { signal: abort.signal, report, log, stopHeartbeat });
      return { status: 'done', model };
    } catch (error) {
      clearInterval(timer);
      await beating;
      if (leaseLost || isTaskLeaseLostError(error)) return { status: 'lease-lost' };
      if (abort.signal.aborted) {
        // The worker is stopping: hand the task back at once so another worker continues it.
        log.warn('interrupted; handing the task back', { reason: String(abort.signal.reason) });
        await deps.tasks.fail(task.id, deps.owner, new FineTuningWorkerInterruptedError(String(abort.signal.reason)), { retryInMs: 0 }).catch((e: unknown) => {
          log.error('could not hand the task back; it is recovered when its lease expires', { error: toError(e).message });
        });
        return { status: 'interrupted' };
      }
      const { name, code, message } = serializeError(error);
      const failure = { name, code, message };
      const transient = isTransientError(error) || (isAppError(error) && error.category === 'unavailable');
      if (transient && task.attempt < maxAttempts) {
        const retryInMs = retryBaseMs * 2 ** (task.attempt - 1);
        log.warn('transient failure; retrying', { ...failure, attempt: task.attempt, retryInMs });
        await deps.tasks.fail(task.id, deps.owner, error, { retryInMs });
        return { status: 'retrying', code: failure.code };
      }
      log.error('task failed', { ...failure, attempt: task.attempt });
      await deps.tasks.fail(task.id, deps.owner, error);
      return { status: 'error', code: failure.code };
    } finally {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  };

  interface RunContext {
    signal: AbortSignal;
    report: (p: TaskProgressInput) => void;
    log: Logger;
    stopHeartbeat: () => Promise<void>;
  }

  async function execute(task: FineTuningTask, { signal, report, log, stopHeartbeat }: RunContext): Promise<ModelRecord> {
    /** Completes the task with its best model: URL, id, and the metrics the model was chosen by. */
    const complete = async (model: ModelRecord, metrics: Readonly<Record<string, number>>): Promise<void> => {
      await stopHeartbeat();
      await deps.tasks.complete(task.id, deps.owner, { best_model_url: deps.modelUrl(model.id), best_model_id: model.id, metrics: { ...metrics } });
    };

    const method = deps.methods.get(task.fine_tuning_method);
    const plugin = method.meta.name;

    let batchId = task.batch_id;
    if (!batchId) {
      report({ phase: 'preparing', fraction: 0.01, message: 'releasing the collecting batch' });
      batchId = await deps.batches.release(task.id);
      await deps.tasks.setBatch(task.id, deps.owner, batchId);
      log.info('batch released', { batchId });
    }
    report({ phase: 'preparing', fraction: 0.03, message: `reading batch ${batchId}` });
    const sessions = await deps.batches.readSessions(batchId, signal);
    if (sessions.length === 0) throw new FineTuningWorkerNoSessionsError(batchId);
    log.info('batch read', { batchId, sessions: sessions.length });

    const context: MethodContext = {
      logger: log,
      signal,
      reportProgress: (fraction, message) => report({ phase: 'preparing', fraction: 0.05 + 0.15 * Math.min(1, Math.max(0, fraction)), message }),
      uploadInitialModel: async (artifact) => {
        await deps.tracker.ensureInitialModel(plugin, async () => ({ bytes: encodeModelArtifact(artifact), contentType: MODEL_ARTIFACT_BUNDLE_CONTENT_TYPE }));
      },
    };
    await method.uploadInitialModel(context);
    const setup = await method.getFineTuningBuilder(sessions, context);
    signal.throwIfAborted();

    const main = setup.plan.evaluation.mainMetric;
    const iteration: IterationSession = await deps.tracker.startIteration({ plugin, batchId, mainMetric: { name: main.name, mode: main.mode } });
    if (iteration.iteration.status !== 'active') {
      // An earlier attempt trained and finished the iteration but died before completing the task.
      const best = await iteration.bestModel();
      if (best) {
        await complete(best, {});
        log.info('iteration already finished by an earlier attempt; task completed with its best model', { modelId: best.id });
        return best;
      }
    }
    const starting = await iteration.startingModel();
    const top = (await iteration.topParams(topN)) as HyperParams[];
    const plan = withInitialParams(setup.plan, top);
    log.info('iteration started', { iteration: iteration.id, startingModel: starting.id, topParams: top.length, runs: plan.search?.maxEvals ?? 1 });

    const runIds = new Map<number, string>();
    let currentRun: string | null = null;
    const result = await deps.train(plan, setup.data, {
      signal,
      initialModel: decodeModelArtifact(await deps.artifacts.read(starting.artifact.key)),
      tracker: {
        startRun: async (info) => {
          currentRun = (await iteration.startRun(info.params)).id;
          runIds.set(info.trial, currentRun);
        },
        logMetric: async (name, value, step) => {
          if (currentRun) await iteration.logMetric(currentRun, name, value, step);
        },
        finishRun: async (status, bestMetric) => {
          if (currentRun) await iteration.finishRun(currentRun, status, bestMetric);
          currentRun = null;
        },
      },
      artifactWriter: {
        writeBestModel: async (info) => {
          report({ phase: 'saving', fraction: 0.98, message: 'saving the best model' });
          const runId = runIds.get(info.trial) ?? (await iteration.startRun(info.params)).id;
          // The iteration's live best after the save; `finish()` reports the final one.
          return (await iteration.saveModelIfBest(runId, info.metric.value, encodeModelArtifact(info.artifact), MODEL_ARTIFACT_BUNDLE_CONTENT_TYPE)).model;
        },
      },
      onProgress: (p) =>
        report({
          phase: p.phase === 'saving' ? 'saving' : p.phase === 'finished' ? 'saving' : 'training',
          fraction: trainingFraction(p),
          run: p.trial,
          runs: p.trials,
          epoch: p.epoch,
          epochs: p.epochs,
          step: p.step,
          steps: p.totalSteps,
          best_metric: p.bestMetric === null ? null : { name: main.name, value: p.bestMetric },
        }),
    });

    const { best: model } = await iteration.finish();
    if (!model) throw new Error('training finished but the iteration has no best model; see the worker log');
    if (top.length > 0 && result.runs.some((r) => r.origin === 'initial' && r.status === 'finished')) await iteration.archivePrevious();

    const best = result.runs.find((r) => r.trial === result.bestTrial);
    const bestEval = best?.evaluations.find((e) => e.metrics[main.name] === result.bestMetric.value) ?? best?.evaluations.at(-1);
    await complete(model, bestEval?.metrics ?? {});
    log.info('task done', { modelId: model.id, metric: result.bestMetric, runs: result.runs.length });
    return model;
  }
}
