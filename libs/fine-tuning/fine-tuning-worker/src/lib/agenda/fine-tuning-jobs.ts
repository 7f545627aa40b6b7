import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import { toError } from '@embedding-studio/errors';
import type { Logger } from '@embedding-studio/observability';
import { systemClock, type Clock } from '@embedding-studio/primitives';

/** Job names used on the queue. */
export const FINE_TUNING_JOBS = { run: 'fine-tuning.run', sweep: 'fine-tuning.sweep' } as const;

export interface FineTuningJobData {
  taskId: string;
}

export interface CreateFineTuningAgendaOptions {
  /** The database that holds the jobs (the same MongoDB as the rest of the product). */
  db: Db;
  /** Identifies this process in `lastModifiedBy`. */
  name: string;
  /** Collection of the jobs. @defaultValue 'agenda_jobs' */
  collection?: string;
  /** How often the queue is polled, ms. @defaultValue 1000 */
  processEveryMs?: number;
}

/** An Agenda on the product's MongoDB (the API uses it to enqueue, the worker to process). */
export function createFineTuningAgenda(options: CreateFineTuningAgendaOptions): Agenda {
  return new Agenda({
    name: options.name,
    backend: new MongoBackend({ mongo: options.db, collection: options.collection ?? 'agenda_jobs' }),
    processEvery: options.processEveryMs ?? 1000,
    maxConcurrency: 20,
  });
}

/** The `TaskScheduler` port of the task service, on Agenda. */
export interface AgendaTaskScheduler {
  schedule(taskId: string, options?: { delayMs?: number }): Promise<void>;
}

export function createAgendaTaskScheduler(agenda: Agenda, clock: Clock = systemClock): AgendaTaskScheduler {
  return {
    async schedule(taskId, options = {}) {
      const delay = options.delayMs ?? 0;
      const data: FineTuningJobData = { taskId };
      if (delay > 0) await agenda.schedule(new Date(clock.now() + delay), FINE_TUNING_JOBS.run, data);
      else await agenda.now(FINE_TUNING_JOBS.run, data);
    },
  };
}

export interface RegisterFineTuningJobsOptions {
  /** Runs one task (the fine-tuning-worker runner); never expected to throw for task failures. */
  run: (taskId: string, options: { signal: AbortSignal; onHeartbeat: () => Promise<unknown> }) => Promise<{ status: string }>;
  /** Ids of tasks to (re)schedule: pending ones and processing ones whose lease expired. */
  recoverable: () => Promise<readonly string[]>;
  scheduler: AgendaTaskScheduler;
  logger: Logger;
  /** Tasks this process trains at once. @defaultValue 1 */
  concurrency?: number;
  /** Queue lock of a running job; renewed at every task heartbeat. @defaultValue 10 minutes */
  lockLifetimeMs?: number;
  /** Period of the recovery sweep. @defaultValue '1 minute' */
  sweepEvery?: string;
}

/** What {@link registerFineTuningJobs} returns: the way to stop the jobs it runs. */
export interface FineTuningJobsHandle {
  /** Aborts the running tasks (they hand their tasks back) — used when draining times out. */
  interrupt(reason: string): void;
  /** Number of tasks running in this process. */
  running(): number;
}

/**
 * Defines `fine-tuning.run` (one job per task run; duplicates are harmless because the runner's
 * claim admits one worker) and the recurring `fine-tuning.sweep`, which re-schedules pending
 * tasks and tasks whose worker died (expired lease). Agenda itself never retries: the runner
 * decides retries on the task.
 */
export async function registerFineTuningJobs(agenda: Agenda, options: RegisterFineTuningJobsOptions): Promise<FineTuningJobsHandle> {
  const controllers = new Set<AbortController>();
  agenda.define<FineTuningJobData>(
    FINE_TUNING_JOBS.run,
    async (job: Job<FineTuningJobData>) => {
      const taskId = job.attrs.data?.taskId;
      if (typeof taskId !== 'string' || taskId === '') {
        options.logger.error('fine-tuning job without a taskId; dropped', { jobId: String(job.attrs._id) });
        return;
      }
      const controller = new AbortController();
      controllers.add(controller);
      try {
        const outcome = await options.run(taskId, { signal: controller.signal, onHeartbeat: () => job.touch() });
        options.logger.info('fine-tuning job finished', { taskId, outcome: outcome.status });
      } catch (error) {
        options.logger.error('fine-tuning job crashed; the sweep will retry the task', { taskId, error: toError(error).message });
      } finally {
        controllers.delete(controller);
      }
    },
    { concurrency: options.concurrency ?? 1, lockLifetime: options.lockLifetimeMs ?? 10 * 60_000, removeOnComplete: true },
  );
  agenda.define(FINE_TUNING_JOBS.sweep, async () => {
    const ids = await options.recoverable();
    for (const id of ids) await options.scheduler.schedule(id);
    if (ids.length) options.logger.info('recovery sweep re-scheduled tasks', { count: ids.length });
  });
  await agenda.every(options.sweepEvery ?? '1 minute', FINE_TUNING_JOBS.sweep);
  return {
    interrupt(reason) {
      for (const c of controllers) c.abort(reason);
    },
    running: () => controllers.size,
  };
}
