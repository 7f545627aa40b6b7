import type { Agenda, Job } from 'agenda';
import { toError } from '@embedding-studio/errors';
import type { Logger } from '@embedding-studio/observability';
import type { IndexingRunner, JobScheduler } from '@embedding-studio/search-indexing';

/** The queue the indexing jobs run on (an Agenda on the product's MongoDB). */
export type IndexingQueue = Agenda;

/** Job names on the queue (public contract). */
export const INDEXING_QUEUE_JOBS = { run: 'search-indexing.run', sweep: 'search-indexing.sweep' } as const;

export interface IndexingQueueData {
  jobId: string;
}

/** The `JobScheduler` port on Agenda: the queue only says "look at job X now" (docs/adr/0006). */
export function createAgendaIndexingScheduler(agenda: Agenda, now: () => number = Date.now): JobScheduler {
  return {
    async schedule(jobId, options = {}) {
      const data: IndexingQueueData = { jobId };
      const delay = options.delayMs ?? 0;
      if (delay > 0) await agenda.schedule(new Date(now() + delay), INDEXING_QUEUE_JOBS.run, data);
      else await agenda.now(INDEXING_QUEUE_JOBS.run, data);
    },
  };
}

export interface RegisterIndexingJobsOptions {
  run: IndexingRunner;
  /** Ids of jobs to queue again: pending ones due to run, running ones whose lease expired. */
  recoverable: () => Promise<readonly string[]>;
  scheduler: JobScheduler;
  logger: Logger;
  /** Jobs run at once by this process. @defaultValue 1 */
  concurrency?: number;
  /** Queue lock of a running job; renewed at each heartbeat. @defaultValue 10 minutes */
  lockLifetimeMs?: number;
  /** @defaultValue '1 minute' */
  sweepEvery?: string;
}

export interface IndexingJobsHandle {
  /** Aborts running jobs (they hand themselves back). */
  interrupt(reason: string): void;
  running(): number;
}

/**
 * Defines `search-indexing.run` (duplicates are harmless: the runner's claim admits one worker)
 * and the recurring `search-indexing.sweep`, which queues pending jobs and jobs whose worker died.
 */
export async function registerIndexingJobs(agenda: Agenda, options: RegisterIndexingJobsOptions): Promise<IndexingJobsHandle> {
  const controllers = new Set<AbortController>();
  agenda.define<IndexingQueueData>(
    INDEXING_QUEUE_JOBS.run,
    async (job: Job<IndexingQueueData>) => {
      const jobId = job.attrs.data?.jobId;
      if (typeof jobId !== 'string' || jobId === '') {
        options.logger.error('indexing queue entry without a jobId; dropped', { queueId: String(job.attrs._id) });
        return;
      }
      const controller = new AbortController();
      controllers.add(controller);
      try {
        const outcome = await options.run(jobId, { signal: controller.signal, onHeartbeat: () => job.touch() });
        options.logger.info('indexing run finished', { jobId, outcome: outcome.status });
      } catch (error) {
        options.logger.error('indexing run crashed; the sweep will retry the job', { jobId, error: toError(error).message });
      } finally {
        controllers.delete(controller);
      }
    },
    { concurrency: options.concurrency ?? 1, lockLifetime: options.lockLifetimeMs ?? 10 * 60_000, removeOnComplete: true },
  );
  agenda.define(INDEXING_QUEUE_JOBS.sweep, async () => {
    const ids = await options.recoverable();
    for (const id of ids) await options.scheduler.schedule(id);
    if (ids.length) options.logger.info('indexing sweep queued jobs', { count: ids.length });
  });
  await agenda.every(options.sweepEvery ?? '1 minute', INDEXING_QUEUE_JOBS.sweep);
  return {
    interrupt(reason) {
      for (const c of controllers) c.abort(reason);
    },
    running: () => controllers.size,
  };
}
