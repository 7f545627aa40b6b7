import { IndexingDuplicateIdError } from '../errors.js';
import type { IndexingJob, UnitProgress } from './model.js';
import type { JobRecord, JobStore, ProgressStore } from './ports.js';

const copy = <T>(value: T): T => structuredClone(value);

/** A JobStore in memory (tests, single-process tools). */
export function createMemoryJobStore(): JobStore {
  const jobs = new Map<string, JobRecord>();
  return {
    async insert(job) {
      if (jobs.has(job.id)) throw new IndexingDuplicateIdError(job.id);
      const record = { job: copy(job), revision: 1 };
      jobs.set(job.id, record);
      return copy(record);
    },
    async get(id) {
      const r = jobs.get(id);
      return r ? copy(r) : null;
    },
    async commit(next, revision) {
      const r = jobs.get(next.id);
      if (!r || r.revision !== revision) return null;
      const record = { job: copy(next), revision: revision + 1 };
      jobs.set(next.id, record);
      return copy(record);
    },
    async listActive() {
      return [...jobs.values()].filter((r) => r.job.status === 'pending' || r.job.status === 'running').map((r) => copy(r.job) as IndexingJob);
    },
  };
}

/** A ProgressStore in memory. */
export function createMemoryProgressStore(): ProgressStore {
  const units = new Map<string, UnitProgress>();
  return {
    async put(progress) {
      units.set(`${progress.job_id}:${progress.index}`, copy(progress));
    },
    async list(jobId) {
      return [...units.values()].filter((u) => u.job_id === jobId).sort((a, b) => a.index - b.index).map(copy);
    },
  };
}
