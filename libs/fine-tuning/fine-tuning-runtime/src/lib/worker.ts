import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ClickstreamService, ClickstreamStore, ClickstreamUseCases } from '@embedding-studio/clickstream-core';
import { runTrainingInWorker, type HyperParams } from '@embedding-studio/fine-tuning-builder';
import { registerFineTuningJobs, type FineTuningJobsHandle } from '@embedding-studio/fine-tuning-agenda';
import {
  createFineTuningRunner,
  type BatchPort,
  type FineTuningRunner,
  type IterationPort,
  type TaskLeasePort,
  type TrackerPort,
} from '@embedding-studio/fine-tuning-worker';
import type { Logger } from '@embedding-studio/observability';
import type { FineTuningPlatform } from './open-platform.js';

export interface WorkerSettings {
  /** Lease of a claimed task, ms. */
  leaseMs: number;
  /** Tasks trained at once in this process. */
  concurrency: number;
  /** Period of the recovery sweep (Agenda interval, e.g. '30 seconds'). */
  sweepEvery: string;
  /** First retry delay of a transient failure, ms (doubles per attempt). */
  retryBaseMs: number;
  /** Attempts before a transient failure ends in error. */
  maxAttempts: number;
  /** tfjs backend of the training thread; undefined picks the fastest available. */
  backend?: string | undefined;
  /** Prefix of `best_model_url` (e.g. `https://search.example.com`); empty gives a path. */
  publicApiUrl: string;
}

const SESSION_PAGE = 500;

/**
 * The clickstream as the runner reads it, through the typed use cases: release by key, then
 * every session in pages. A released batch is final when the release returns (its fence is
 * decided and numbers nobody took are voided), so reading never waits; numbers may skip.
 */
export function clickstreamBatches(clickstream: ClickstreamUseCases): BatchPort {
  return {
    release: async (releaseId) => (await clickstream.releaseBatch(releaseId)).batch_id,
    readSessions: (batchId, signal) => clickstream.readReleasedBatch(batchId, { pageSize: SESSION_PAGE, signal }),
  };
}

/** The task service as the runner drives it. */
function taskLeases(platform: FineTuningPlatform): TaskLeasePort {
  const { tasks } = platform;
  return {
    claim: async (id, options) => {
      const t = await tasks.claim(id, options);
      return t ? { id: t.id, fine_tuning_method: t.fine_tuning_method, batch_id: t.batch_id ?? undefined, attempt: t.attempt } : null;
    },
    heartbeat: (id, owner, progress, leaseMs) => tasks.heartbeat(id, owner, progress, leaseMs),
    setBatch: (id, owner, batchId) => tasks.setBatch(id, owner, batchId),
    complete: (id, owner, outcome) => tasks.complete(id, owner, outcome),
    fail: (id, owner, failure, options) => tasks.fail(id, owner, failure, options),
  };
}

/** The experiments tracker as the runner uses it. */
function trackerPort(platform: FineTuningPlatform): TrackerPort {
  const { tracker, artifacts } = platform;
  return {
    ensureInitialModel: (plugin, build) => tracker.ensureInitialModel(plugin, build),
    async startIteration(options) {
      const session = await tracker.startIteration(options);
      const port: IterationPort = {
        id: session.id,
        finished: session.iteration.status !== 'active',
        async startingModel() {
          const model = await session.startingModel();
          return { id: model.id, bytes: await artifacts.read(model.artifact.key) };
        },
        topParams: async (n) => (await session.topParams(n)) as readonly HyperParams[],
        startRun: async (params) => (await session.startRun(params)).run.id,
        logMetric: (runId, name, value, step) => session.logMetric(runId, name, value, step),
        finishRun: (runId, status, best) => session.finishRun(runId, status, best),
        saveModelIfBest: async (runId, metric, bytes, contentType) => {
          const saved = await session.saveModelIfBest(runId, metric, bytes, contentType);
          return saved.outcome === 'not-best' ? null : saved.model.id;
        },
        bestModelId: async () => (await session.bestModel())?.id ?? null,
        finish: () => session.finish(),
        archivePrevious: () => session.archivePrevious(),
      };
      return port;
    },
  };
}

export interface StartFineTuningWorkerOptions {
  platform: FineTuningPlatform;
  /** `store` is no longer read (the service's typed use cases reach it); kept so callers need not change. */
  clickstream: { service: ClickstreamService; store?: ClickstreamStore };
  settings: WorkerSettings;
  logger: Logger;
}

export interface FineTuningWorker {
  readonly owner: string;
  readonly runner: FineTuningRunner;
  readonly jobs: FineTuningJobsHandle;
  /** Stops taking jobs, lets running ones finish for up to `timeoutMs`, then interrupts them (they hand their tasks back). */
  drain(timeoutMs: number): Promise<{ interrupted: number }>;
}

/** Composes the runner and registers the queue's jobs; call `platform.agenda.start()` afterwards. */
export async function startFineTuningWorker(options: StartFineTuningWorkerOptions): Promise<FineTuningWorker> {
  const { platform, settings, logger } = options;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const base = settings.publicApiUrl.replace(/\/+$/, '');
  const runner = createFineTuningRunner({
    tasks: taskLeases(platform),
    batches: clickstreamBatches(options.clickstream.service.useCases),
    tracker: trackerPort(platform),
    methods: platform.methods,
    train: (plan, data, trainOptions) => runTrainingInWorker(plan, data, { ...trainOptions, ...(settings.backend ? { backend: settings.backend } : {}) }),
    logger,
    owner,
    leaseMs: settings.leaseMs,
    maxAttempts: settings.maxAttempts,
    retryBaseMs: settings.retryBaseMs,
    modelUrl: (id) => `${base}/api/v1/models/${encodeURIComponent(id)}/artifact`,
  });
  const jobs = await registerFineTuningJobs(platform.agenda, {
    run: (taskId, runOptions) => runner(taskId, runOptions),
    recoverable: () => platform.tasks.findRecoverable(),
    scheduler: platform.scheduler,
    logger,
    concurrency: settings.concurrency,
    lockLifetimeMs: Math.max(settings.leaseMs * 2, 60_000),
    sweepEvery: settings.sweepEvery,
  });
  return {
    owner,
    runner,
    jobs,
    async drain(timeoutMs) {
      const result = await platform.agenda.drain(timeoutMs);
      const interrupted = jobs.running();
      if (result.timedOut || interrupted > 0) {
        jobs.interrupt('worker shutting down');
        // Give interrupted runs a moment to hand their tasks back.
        const end = Date.now() + 10_000;
        while (jobs.running() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      }
      return { interrupted };
    },
  };
}
