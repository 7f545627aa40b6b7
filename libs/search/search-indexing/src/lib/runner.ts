import { randomUUID } from 'node:crypto';
import { isTransientError, serializeError } from '@embedding-studio/errors';
import { IndexingLeaseLostError } from '../errors.js';
import type { IndexingJob } from './model.js';
import { runImport } from './pipeline.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';
import { type ImportTarget, type JsonlSource, type ProgressStore } from './ports.js';
import type { IndexingJobService } from './service.js';

/** What a run of a job needs besides the job itself; the composition root builds it. */
export interface IndexingRunContext {
  signal: AbortSignal;
  /** Renews the lease now (and stores `patch`); throws when the lease is lost. */
  heartbeat(patch?: Partial<Pick<IndexingJob, 'units' | 'stage' | 'state'>>): Promise<IndexingJob>;
}

export interface IndexingRunnerOptions {
  jobs: IndexingJobService;
  progress: ProgressStore;
  /** Opens the source and the target collection of an import (both resolved again on every attempt). */
  openImport(job: IndexingJob): Promise<{ source: JsonlSource; target: ImportTarget }>;
  /** Runs a reindex job; absent: reindex jobs fail with a clear error. */
  runReindex?(job: IndexingJob, context: IndexingRunContext): Promise<Record<string, unknown>>;
  /** This worker (e.g. `<host>:<pid>`); each run claims as `<owner>/<run id>`, so two runs of one job in one process exclude each other too. */
  owner: string;
  leaseMs: number;
  /** @defaultValue 3 */
  maxAttempts?: number;
  /** First retry delay of a transient failure (doubles per attempt). @defaultValue 5000 */
  retryBaseMs?: number;
  /** Units read at once by an import. @defaultValue 4 */
  readConcurrency?: number;
  clock?: Clock;
  logger?: { info(m: string, meta?: Record<string, unknown>): void; warn(m: string, meta?: Record<string, unknown>): void };
}

export type IndexingRunOutcome = { status: 'done' | 'error' | 'retry' | 'not-claimed' | 'lease-lost' | 'interrupted' };

export type IndexingRunner = (jobId: string, options: { signal: AbortSignal; onHeartbeat?: () => Promise<unknown> }) => Promise<IndexingRunOutcome>;

/**
 * Runs one indexing job under a lease: claim (one worker wins), heartbeats every `leaseMs / 4`
 * (a lost lease aborts the run), the work, then done or error. Transient failures go back to
 * pending with exponential backoff; an interrupted run (shutdown) hands the job back at once, and
 * the next run resumes from the checkpoints.
 */
export function createIndexingRunner(options: IndexingRunnerOptions): IndexingRunner {
  const { jobs, leaseMs } = options;
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 5000;

  return async (jobId, { signal, onHeartbeat }) => {
    const owner = `${options.owner}/${randomUUID().slice(0, 8)}`;
    const claimed = await jobs.claim(jobId, owner, leaseMs);
    if (!claimed) return { status: 'not-claimed' };
    const abort = new AbortController();
    let leaseLost = false;
    const onOuterAbort = (): void => abort.abort(signal.reason);
    signal.addEventListener('abort', onOuterAbort, { once: true });
    const heartbeat: IndexingRunContext['heartbeat'] = async (patch) => {
      try {
        const job = await jobs.heartbeat(jobId, owner, leaseMs, patch);
        await onHeartbeat?.();
        return job;
      } catch (error) {
        if (error instanceof IndexingLeaseLostError) {
          leaseLost = true;
          abort.abort(error);
        }
        throw error;
      }
    };
    let lastBeat = clock.now();
    const beatIfDue = async (): Promise<void> => {
      if (clock.now() - lastBeat < leaseMs / 4) return;
      lastBeat = clock.now();
      await heartbeat();
    };
    const timer = setInterval(() => {
      beatIfDue().catch(() => undefined);
    }, Math.max(50, Math.floor(leaseMs / 4)));
    try {
      let result: Record<string, unknown>;
      if (claimed.kind === 'import') {
        const { source, target } = await options.openImport(claimed);
        let job = claimed;
        if (!job.units) job = await heartbeat({ units: await source.list() });
        const spec = job.import;
        if (!spec || !job.units) throw new Error(`import job ${jobId} has no import spec`);
        const summary = await runImport({
          jobId,
          units: job.units,
          source,
          target,
          progress: options.progress,
          idField: spec.id_field,
          batchSize: spec.batch_size,
          readConcurrency: options.readConcurrency ?? 4,
          signal: abort.signal,
          clock,
          onCheckpoint: beatIfDue,
        });
        result = { ...summary };
      } else {
        if (!options.runReindex) throw new Error('this worker cannot run reindex jobs');
        result = await options.runReindex(claimed, { signal: abort.signal, heartbeat });
      }
      await jobs.complete(jobId, owner, result);
      options.logger?.info('indexing job done', { job_id: jobId, ...result });
      return { status: 'done' };
    } catch (error) {
      if (leaseLost || error instanceof IndexingLeaseLostError) return { status: 'lease-lost' };
      try {
        if (abort.signal.aborted) {
          await jobs.fail(jobId, owner, abort.signal.reason ?? error, { retryInMs: 0 });
          return { status: 'interrupted' };
        }
        if (isTransientError(error) && claimed.attempt < maxAttempts) {
          const retryInMs = retryBaseMs * 2 ** (claimed.attempt - 1);
          options.logger?.warn('indexing job failed transiently; retrying', { job_id: jobId, retryInMs, error: serializeError(error) });
          await jobs.fail(jobId, owner, error, { retryInMs });
          return { status: 'retry' };
        }
        await jobs.fail(jobId, owner, error);
        return { status: 'error' };
      } catch (failError) {
        if (failError instanceof IndexingLeaseLostError) return { status: 'lease-lost' };
        throw failError;
      }
    } finally {
      clearInterval(timer);
      signal.removeEventListener('abort', onOuterAbort);
    }
  };
}
