import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Agenda } from 'agenda';
import type { ArtifactStore } from '@embedding-studio/artifact-store';
import type { ClickstreamService } from '@embedding-studio/clickstream-core';
import { runTrainingInWorker } from '@embedding-studio/fine-tuning-builder';
import type { MethodRegistry } from '@embedding-studio/fine-tuning-plugins';
import type { FineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';
import type { Logger } from '@embedding-studio/observability';
import { clickstreamBatches } from '../batches.js';
import { createFineTuningRunner, type FineTuningRunner, type IterationTracker, type TaskLeases } from '../run-task.js';
import { registerFineTuningJobs, type AgendaTaskScheduler, type FineTuningJobsHandle } from './fine-tuning-jobs.js';

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

/** The fine-tuning services a worker runs tasks with (a fine-tuning platform fits it). */
export interface FineTuningWorkerServices {
  readonly tasks: TaskLeases & Pick<FineTuningTaskService, 'findRecoverable'>;
  readonly tracker: IterationTracker;
  readonly artifacts: Pick<ArtifactStore, 'read'>;
  readonly methods: MethodRegistry;
  readonly agenda: Agenda;
  readonly scheduler: AgendaTaskScheduler;
}

export interface StartFineTuningWorkerOptions {
  platform: FineTuningWorkerServices;
  clickstream: { service: ClickstreamService };
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

/** Builds the runner and registers the queue's jobs; call `platform.agenda.start()` afterwards. */
export async function startFineTuningWorker(options: StartFineTuningWorkerOptions): Promise<FineTuningWorker> {
  const { platform, settings, logger } = options;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const base = settings.publicApiUrl.replace(/\/+$/, '');
  const runner = createFineTuningRunner({
    tasks: platform.tasks,
    batches: clickstreamBatches(options.clickstream.service.useCases),
    tracker: platform.tracker,
    artifacts: platform.artifacts,
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
