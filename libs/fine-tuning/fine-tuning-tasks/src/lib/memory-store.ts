import { TaskDuplicateIdError } from '../errors.js';
import type { FineTuningTask } from './model.js';
import type { TaskRecord, TaskStore } from './ports.js';

/**
 * An in-memory {@link TaskStore} for tests and single-process use. Every call yields to the event
 * loop first, so concurrent callers interleave as they would against a database.
 */
export function createMemoryTaskStore(): TaskStore {
  const records = new Map<string, TaskRecord>();
  const byKey = new Map<string, string>();
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const copy = (r: TaskRecord): TaskRecord => structuredClone(r);
  const newestFirst = (a: FineTuningTask, b: FineTuningTask): number =>
    b.created_at.getTime() - a.created_at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

  return {
    async insert(task) {
      await tick();
      const key = task.idempotency_key;
      const existingId = key === undefined ? undefined : byKey.get(key);
      const existing = existingId === undefined ? undefined : records.get(existingId);
      if (existing) return { record: copy(existing), created: false };
      if (records.has(task.id)) throw new TaskDuplicateIdError(task.id);
      const record = { task: structuredClone(task), revision: 1 };
      records.set(task.id, record);
      if (key !== undefined) byKey.set(key, task.id);
      return { record: copy(record), created: true };
    },

    async get(id) {
      await tick();
      const record = records.get(id);
      return record ? copy(record) : null;
    },

    async commit(next, revision) {
      await tick();
      const current = records.get(next.id);
      if (!current || current.revision !== revision) return null;
      const record = { task: structuredClone(next), revision: revision + 1 };
      records.set(next.id, record);
      return copy(record);
    },

    async list({ status, skip, limit }) {
      await tick();
      return [...records.values()]
        .map((r) => r.task)
        .filter((t) => status === undefined || t.status === status)
        .sort(newestFirst)
        .slice(skip, skip + limit)
        .map((t) => structuredClone(t));
    },

    async listActive() {
      await tick();
      return [...records.values()].map((r) => r.task).filter((t) => t.status === 'pending' || t.status === 'processing').map((t) => structuredClone(t));
    },
  };
}
