import type { FineTuningTask, TaskStatus } from './model.js';

/** A task as stored, with its revision: 1 when created, +1 on every change. */
export interface TaskRecord {
  task: FineTuningTask;
  revision: number;
}

export interface InsertTaskResult {
  record: TaskRecord;
  /** False when a task with the same `idempotency_key` already existed: nothing was stored. */
  created: boolean;
}

export interface TaskListQuery {
  /** Only tasks in this status. */
  status?: TaskStatus;
  skip: number;
  limit: number;
}

/**
 * Persistence port of fine-tuning tasks. It needs no atomic read-modify-write from the backend:
 * every change is a compare-and-set on the revision number, which a backend can decide with one
 * unique-key insert (`<id>:<revision>`). Implementations must guarantee, under concurrent calls
 * from any number of processes:
 * - `commit` from one revision succeeds for exactly one caller; the others get `null`;
 * - at most one task per `idempotency_key`;
 * - reads return the newest committed revision once `commit` or `insert` has resolved;
 * - every resolved write is durable.
 * Run `taskStoreContract` from `@embedding-studio/fine-tuning-tasks/testing` to check an adapter.
 */
export interface TaskStore {
  /**
   * Stores a new task as revision 1. When `task.idempotency_key` is set and a task with that key
   * exists, stores nothing and returns that task with `created: false`. Throws
   * `TaskDuplicateIdError` when a task with `task.id` exists.
   */
  insert(task: FineTuningTask): Promise<InsertTaskResult>;
  /** The newest revision of a task, or null when there is none. */
  get(id: string): Promise<TaskRecord | null>;
  /**
   * Stores `next` as revision `revision + 1` of task `next.id`, only if `revision` is still the
   * newest. Returns the new record, or null when another writer committed first (read again and
   * decide again).
   */
  commit(next: FineTuningTask, revision: number): Promise<TaskRecord | null>;
  /** Tasks newest first (`created_at` descending, then `id` descending). */
  list(query: TaskListQuery): Promise<FineTuningTask[]>;
  /** Every task that is pending or processing (any order): what a sweeper looks at. */
  listActive(): Promise<FineTuningTask[]>;
}

/** Queues a run of a task (an Agenda job, in production). */
export interface TaskScheduler {
  /** Arranges for a worker to run the task, after `delayMs` when given. */
  schedule(taskId: string, options?: { delayMs?: number }): Promise<void>;
}

/** The fine-tuning methods this deployment can run. */
export interface MethodCatalog {
  names(): readonly string[];
}

/** The part of a logger the service uses (any `@embedding-studio/observability` Logger fits). */
export interface TaskLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
}
