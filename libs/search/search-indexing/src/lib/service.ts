import { randomUUID } from 'node:crypto';
import { serializeError } from '@embedding-studio/errors';
import { IndexingContentionError, IndexingJobNotFoundError, IndexingLeaseLostError } from '../errors.js';
import type { ImportSpec, IndexingJob, JobError, ReindexSpec } from './model.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';
import { type JobScheduler, type JobStore, type ProgressStore } from './ports.js';
import { toJobView, type IndexingJobView } from './view.js';

export interface IndexingJobServiceOptions {
  store: JobStore;
  progress: ProgressStore;
  scheduler: JobScheduler;
  /** @defaultValue systemClock */
  clock?: Clock;
  /** @defaultValue random UUIDs */
  ids?: () => string;
  /** Receives a warning when scheduling fails. */
  logger?: { warn(message: string, meta?: Record<string, unknown>): void };
  /** @defaultValue 64 */
  maxCommitTries?: number;
}

/**
 * Indexing jobs: the API creates them, workers claim them under a lease and report how they end.
 * Every change is decided on the newest revision and committed with a compare-and-set.
 */
export interface IndexingJobService {
  /** Stores a pending import of `collection` and queues it. `spec` is already validated and its source checked. */
  createImport(collection: string, spec: ImportSpec): Promise<IndexingJobView>;
  /** Stores a pending reindex of `collection` and queues it. */
  createReindex(collection: string, spec: ReindexSpec): Promise<IndexingJobView>;
  /** The job with its progress; `SEARCH_INDEXING_JOB_NOT_FOUND` when unknown. */
  get(id: string): Promise<IndexingJobView>;
  /** The raw job (for workers). */
  read(id: string): Promise<IndexingJob>;
  /**
   * Takes a job: pending (past its retry time), or running under an expired lease (taken over,
   * attempt + 1), or already held by `owner` (renewed). Null otherwise.
   */
  claim(id: string, owner: string, leaseMs: number): Promise<IndexingJob | null>;
  /** Renews the lease and applies `patch`; `IndexingLeaseLostError` when `owner` no longer holds the job. */
  heartbeat(id: string, owner: string, leaseMs: number, patch?: Partial<Pick<IndexingJob, 'units' | 'stage' | 'state'>>): Promise<IndexingJob>;
  complete(id: string, owner: string, result: Record<string, unknown>): Promise<IndexingJob>;
  /** Ends the job in `error`, or with `retryInMs` puts it back to pending and schedules a run then. */
  fail(id: string, owner: string, error: unknown, options?: { retryInMs?: number }): Promise<IndexingJob>;
  /** Ids of pending jobs due to run and running jobs whose lease expired. */
  findRecoverable(now?: Date): Promise<string[]>;
}

export function createIndexingJobService(options: IndexingJobServiceOptions): IndexingJobService {
  const { store, progress, scheduler, logger } = options;
  const clock = options.clock ?? systemClock;
  const newId = options.ids ?? (() => randomUUID());
  const maxTries = options.maxCommitTries ?? 64;

  const change = async (id: string, decide: (job: IndexingJob, now: Date) => IndexingJob | undefined): Promise<{ job: IndexingJob; changed: boolean }> => {
    for (let tries = 1; ; tries++) {
      const record = await store.get(id);
      if (!record) throw new IndexingJobNotFoundError(id);
      const next = decide(record.job, new Date(clock.now()));
      if (next === undefined) return { job: record.job, changed: false };
      const written = await store.commit(next, record.revision);
      if (written) return { job: written.job, changed: true };
      if (tries >= maxTries) throw new IndexingContentionError(id, tries);
    }
  };

  const schedule = async (id: string, delayMs?: number): Promise<void> => {
    try {
      await scheduler.schedule(id, delayMs === undefined ? undefined : { delayMs });
    } catch (error) {
      logger?.warn('could not queue the indexing job; it stays pending until the recovery sweep queues it', { job_id: id, error: serializeError(error) });
    }
  };

  const requireHolder = (job: IndexingJob, owner: string): void => {
    if (job.status !== 'running' || job.lease?.owner !== owner) throw new IndexingLeaseLostError(job.id, owner, job.lease?.owner ?? null, job.status);
  };

  const drop = <K extends keyof IndexingJob>(job: IndexingJob, ...keys: K[]): IndexingJob => {
    const copy = { ...job };
    for (const k of keys) delete copy[k];
    return copy;
  };

  const toJobError = (error: unknown): JobError => {
    const s = serializeError(error);
    return { name: s.name, code: s.code, message: s.message };
  };

  const create = async (job: Omit<IndexingJob, 'id' | 'status' | 'created_at' | 'updated_at' | 'attempt'>): Promise<IndexingJobView> => {
    const now = new Date(clock.now());
    const { job: stored } = await store.insert({ ...job, id: newId(), status: 'pending', created_at: now, updated_at: now, attempt: 0 });
    await schedule(stored.id);
    return toJobView(stored, [], now);
  };

  return {
    createImport: (collection, spec) => create({ kind: 'import', collection, import: spec }),
    createReindex: (collection, spec) => create({ kind: 'reindex', collection, reindex: spec }),

    async get(id) {
      const record = await store.get(id);
      if (!record) throw new IndexingJobNotFoundError(id);
      return toJobView(record.job, await progress.list(id), new Date(clock.now()));
    },

    async read(id) {
      const record = await store.get(id);
      if (!record) throw new IndexingJobNotFoundError(id);
      return record.job;
    },

    async claim(id, owner, leaseMs) {
      const { job, changed } = await change(id, (j, now) => {
        const lease = { owner, expires_at: new Date(now.getTime() + leaseMs) };
        const start = (): IndexingJob => ({ ...drop(j, 'retry_at', 'error'), status: 'running', lease, attempt: j.attempt + 1, attempt_started_at: now, updated_at: now });
        if (j.status === 'pending') return j.retry_at && j.retry_at.getTime() > now.getTime() ? undefined : start();
        if (j.status !== 'running') return undefined;
        if (!j.lease || j.lease.expires_at.getTime() <= now.getTime()) return start();
        if (j.lease.owner === owner) return { ...j, lease, updated_at: now };
        return undefined;
      });
      return changed ? job : null;
    },

    async heartbeat(id, owner, leaseMs, patch = {}) {
      const { job } = await change(id, (j, now) => {
        requireHolder(j, owner);
        return { ...j, ...patch, lease: { owner, expires_at: new Date(now.getTime() + leaseMs) }, updated_at: now };
      });
      return job;
    },

    async complete(id, owner, result) {
      const { job } = await change(id, (j, now) => {
        requireHolder(j, owner);
        return { ...drop(j, 'lease'), status: 'done', result, finished_at: now, updated_at: now };
      });
      return job;
    },

    async fail(id, owner, error, failOptions = {}) {
      const retryInMs = failOptions.retryInMs;
      const { job } = await change(id, (j, now) => {
        requireHolder(j, owner);
        const base = { ...drop(j, 'lease'), error: toJobError(error), updated_at: now };
        if (retryInMs === undefined) return { ...base, status: 'error', finished_at: now };
        return { ...base, status: 'pending', retry_at: new Date(now.getTime() + retryInMs) };
      });
      if (retryInMs !== undefined) await schedule(id, retryInMs);
      return job;
    },

    async findRecoverable(now = new Date(clock.now())) {
      const active = await store.listActive();
      return active
        .filter((j) =>
          j.status === 'pending' ? !j.retry_at || j.retry_at.getTime() <= now.getTime() : !j.lease || j.lease.expires_at.getTime() <= now.getTime(),
        )
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
        .map((j) => j.id);
    },
  };
}

