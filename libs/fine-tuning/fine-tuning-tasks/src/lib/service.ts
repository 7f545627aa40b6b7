import { serializeError } from '@embedding-studio/errors';
import { TaskContentionError, TaskLeaseLostError, TaskNotFoundError, TaskUnknownMethodError } from '../errors.js';
import { createTaskIdGenerator } from './ids.js';
import type { FineTuningTask, TaskError, TaskLease, TaskProgressInput } from './model.js';
import { parseCompletion, parseCreateTask, parseListQuery, parseProgress, parseTaskId, parseWorkerArgs, type TaskCompletion } from './parse.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';
import type { MethodCatalog, TaskLogger, TaskScheduler, TaskStore } from './ports.js';
import { assertTransition } from './state-machine.js';
import { type TaskStatusView, type TaskView, toTaskView } from './view.js';

export interface FineTuningTaskServiceOptions {
  store: TaskStore;
  /** Queues task runs; called after a task is created, restarted or re-queued. */
  scheduler: TaskScheduler;
  /** The methods `fine_tuning_method` may name. */
  methods: MethodCatalog;
  /** @defaultValue systemClock */
  clock?: Clock;
  /** Returns a new task id (24 hex digits). @defaultValue an ObjectId-like generator */
  ids?: () => string;
  /** Receives a warning when scheduling fails. @defaultValue none */
  logger?: TaskLogger;
  /**
   * How many times one change is re-decided when other writers change the task first, before
   * failing with `FINE_TUNING_TASKS_CONTENTION`. @defaultValue 64
   */
  maxCommitTries?: number;
}

export interface ClaimOptions {
  /** Who claims: unique per worker run (e.g. `<host>:<pid>:<job id>`). */
  owner: string;
  /** How long the claim holds without a heartbeat, in ms. */
  leaseMs: number;
}

export interface FailOptions {
  /**
   * Re-queue the task (status `pending`) and schedule a new run after this many ms: for
   * transient failures. Without it the task ends in `error`. @defaultValue undefined
   */
  retryInMs?: number;
}

/**
 * Fine-tuning task use cases. The HTTP side takes untrusted input (a JSON body, a query, an id
 * from a URL) and throws coded `FINE_TUNING_TASKS_*` errors the app maps to HTTP statuses. The
 * worker side moves a task through its life cycle under a lease. Every change is decided on the
 * newest revision and committed with a compare-and-set, so concurrent API calls and workers in
 * any number of processes never overwrite each other.
 */
export interface FineTuningTaskService {
  /** Creates a pending task and schedules it; with a known `idempotency_key`, returns that task unchanged. */
  create(body: unknown): Promise<TaskView>;
  get(id: unknown): Promise<TaskView>;
  /** Tasks newest first; query `skip` (0), `limit` (100, at most 1000), `status`. */
  list(query: unknown): Promise<TaskView[]>;
  /** Re-queues a done, failed or canceled task (a pending one is only re-scheduled); 409 while processing. */
  restart(id: unknown): Promise<TaskStatusView>;
  /** Cancels a pending or processing task; 409 for a finished or already canceled one. */
  cancel(id: unknown): Promise<TaskStatusView>;

  /**
   * Takes a task to work on. Returns it (status `processing`, `attempt` counted, lease held by
   * `owner`), or null when it is not pending, is canceled or finished, or is processing under a
   * live lease of another owner. An expired lease is taken over (attempt + 1). Claiming again
   * with the owner that holds the lease returns the task with the lease renewed.
   */
  claim(taskId: string, options: ClaimOptions): Promise<FineTuningTask | null>;
  /**
   * Renews the lease for `leaseMs` from now and stores `progress` when given. Throws
   * `TaskLeaseLostError` when `owner` no longer holds the task (canceled, or taken over): the
   * worker must then stop.
   */
  heartbeat(taskId: string, owner: string, progress: TaskProgressInput | undefined, leaseMs: number): Promise<FineTuningTask>;
  /** Records the batch the task trains on (after the worker released one). */
  setBatch(taskId: string, owner: string, batchId: string): Promise<FineTuningTask>;
  /** Marks the task done with its best model and metrics; `TaskLeaseLostError` when no longer held. */
  complete(taskId: string, owner: string, result: TaskCompletion): Promise<FineTuningTask>;
  /**
   * Ends the task in `error`, or with `retryInMs` re-queues it and schedules a delayed run.
   * `error` is anything thrown, or an already serialised `{ name, code, message }`.
   */
  fail(taskId: string, owner: string, error: unknown, options?: FailOptions): Promise<FineTuningTask>;
  /**
   * Ids of tasks a sweeper should schedule again: pending ones (past their retry time) and
   * processing ones whose lease has expired. Oldest first.
   */
  findRecoverable(now?: Date): Promise<string[]>;
}

/** Drops keys from a task, so optional fields end up absent rather than `undefined`. */
function without<K extends keyof FineTuningTask>(task: FineTuningTask, ...keys: K[]): Omit<FineTuningTask, K> {
  const copy: Partial<FineTuningTask> = { ...task };
  for (const k of keys) delete copy[k];
  return copy as Omit<FineTuningTask, K>;
}

export function createFineTuningTaskService(options: FineTuningTaskServiceOptions): FineTuningTaskService {
  const { store, scheduler, methods, logger } = options;
  const clock = options.clock ?? systemClock;
  /** Tasks store `Date`s; the clock reads epoch ms. */
  const now = (): Date => new Date(clock.now());
  const newId = options.ids ?? createTaskIdGenerator(() => clock.now());
  const maxTries = options.maxCommitTries ?? 64;

  /**
   * Reads the newest revision, lets `decide` compute the next state (or `undefined` for "leave
   * it"), and commits it on that revision; when another writer committed first, decides again on
   * what they wrote. `decide` throws to refuse.
   */
  const change = async (
    id: string,
    decide: (task: FineTuningTask, now: Date) => FineTuningTask | undefined,
  ): Promise<{ task: FineTuningTask; changed: boolean }> => {
    for (let tries = 1; ; tries++) {
      const record = await store.get(id);
      if (!record) throw new TaskNotFoundError(id);
      const next = decide(record.task, now());
      if (next === undefined) return { task: record.task, changed: false };
      const written = await store.commit(next, record.revision);
      if (written) return { task: written.task, changed: true };
      if (tries >= maxTries) throw new TaskContentionError(id, tries);
    }
  };

  const schedule = async (id: string, delayMs?: number): Promise<void> => {
    try {
      await scheduler.schedule(id, delayMs === undefined ? undefined : { delayMs });
    } catch (error) {
      // The task is stored as pending; a sweeper (findRecoverable) schedules it again.
      logger?.warn('could not schedule fine-tuning task; it stays pending until a sweeper re-schedules it', {
        task_id: id,
        error: serializeError(error),
      });
    }
  };

  /** Throws unless `owner` holds the task's lease. An expired lease no one took over still counts. */
  const requireHolder = (task: FineTuningTask, owner: string): TaskLease => {
    if (task.status === 'processing' && task.lease?.owner === owner) return task.lease;
    throw new TaskLeaseLostError(task.id, owner, task.status, task.lease?.owner ?? null);
  };

  const leaseFor = (owner: string, now: Date, leaseMs: number): TaskLease => ({ owner, expires_at: new Date(now.getTime() + leaseMs) });

  const started = (task: FineTuningTask, now: Date, lease: TaskLease): FineTuningTask => ({
    ...without(task, 'error', 'retry_at'),
    status: assertTransition(task, task.status === 'pending' ? 'claim' : 'takeover'),
    lease,
    attempt: task.attempt + 1,
    progress: { phase: 'preparing', fraction: 0, updated_at: now },
    updated_at: now,
  });

  /** An error, or an already serialised `{ name, code, message }` (as a job record keeps it). */
  const toTaskError = (error: unknown): TaskError => {
    const e = error as Partial<Record<keyof TaskError, unknown>> | null;
    if (!(error instanceof Error) && typeof e?.name === 'string' && typeof e.code === 'string' && typeof e.message === 'string') {
      return { name: e.name, code: e.code, message: e.message };
    }
    const s = serializeError(error);
    return { name: s.name, code: s.code, message: s.message };
  };

  return {
    async create(body) {
      const input = parseCreateTask(body);
      const known = methods.names();
      if (!known.includes(input.fine_tuning_method)) throw new TaskUnknownMethodError(input.fine_tuning_method, known);
      const createdAt = now();
      const task: FineTuningTask = { id: newId(), ...input, status: 'pending', created_at: createdAt, updated_at: createdAt, attempt: 0 };
      const { record, created } = await store.insert(task);
      if (created) await schedule(record.task.id);
      return toTaskView(record.task);
    },

    async get(id) {
      const taskId = parseTaskId(id);
      const record = await store.get(taskId);
      if (!record) throw new TaskNotFoundError(taskId);
      return toTaskView(record.task);
    },

    async list(query) {
      const q = parseListQuery(query !== null && typeof query === 'object' ? (query as Record<string, unknown>) : {});
      return (await store.list(q)).map(toTaskView);
    },

    async restart(id) {
      const taskId = parseTaskId(id);
      const { task } = await change(taskId, (t, now) => {
        // Already queued: nothing to change, but schedule again (heals a lost schedule).
        if (t.status === 'pending') return undefined;
        return {
          ...without(t, 'lease', 'retry_at', 'error', 'progress', 'best_model_url', 'best_model_id', 'metrics'),
          status: assertTransition(t, 'restart'),
          updated_at: now,
        };
      });
      await schedule(task.id);
      return { id: task.id, status: task.status };
    },

    async cancel(id) {
      const taskId = parseTaskId(id);
      const { task } = await change(taskId, (t, now) => ({
        ...without(t, 'lease', 'retry_at'),
        status: assertTransition(t, 'cancel'),
        updated_at: now,
      }));
      return { id: task.id, status: task.status };
    },

    async claim(taskId, { owner, leaseMs }) {
      parseWorkerArgs({ owner, leaseMs });
      const { task, changed } = await change(taskId, (t, now) => {
        const lease = leaseFor(owner, now, leaseMs);
        if (t.status === 'pending') return started(t, now, lease);
        if (t.status !== 'processing') return undefined;
        if (!t.lease || t.lease.expires_at.getTime() <= now.getTime()) return started(t, now, lease);
        if (t.lease.owner === owner) return { ...t, status: assertTransition(t, 'renew'), lease, updated_at: now };
        return undefined;
      });
      return changed ? task : null;
    },

    async heartbeat(taskId, owner, progress, leaseMs) {
      parseWorkerArgs({ owner, leaseMs });
      const report = progress === undefined ? undefined : parseProgress(progress);
      const { task } = await change(taskId, (t, now) => {
        requireHolder(t, owner);
        assertTransition(t, 'renew');
        return {
          ...t,
          lease: leaseFor(owner, now, leaseMs),
          ...(report === undefined ? {} : { progress: { ...report, updated_at: now } }),
          updated_at: now,
        };
      });
      return task;
    },

    async setBatch(taskId, owner, batchId) {
      parseWorkerArgs({ owner, batchId });
      const { task } = await change(taskId, (t, now) => {
        requireHolder(t, owner);
        if (t.batch_id === batchId) return undefined;
        assertTransition(t, 'renew');
        return { ...t, batch_id: batchId, updated_at: now };
      });
      return task;
    },

    async complete(taskId, owner, result) {
      parseWorkerArgs({ owner });
      const r = parseCompletion(result);
      const { task } = await change(taskId, (t, now) => {
        requireHolder(t, owner);
        return {
          ...without(t, 'lease', 'retry_at', 'error', 'best_model_id'),
          status: assertTransition(t, 'complete'),
          best_model_url: r.best_model_url,
          ...(r.best_model_id === undefined ? {} : { best_model_id: r.best_model_id }),
          metrics: r.metrics,
          progress: { ...t.progress, phase: 'finished', fraction: 1, updated_at: now },
          updated_at: now,
        };
      });
      return task;
    },

    async fail(taskId, owner, error, failOptions = {}) {
      const { retryInMs } = failOptions;
      parseWorkerArgs({ owner, retryInMs });
      const taskError = toTaskError(error);
      const { task } = await change(taskId, (t, now) => {
        requireHolder(t, owner);
        if (retryInMs === undefined) {
          return { ...without(t, 'lease', 'retry_at'), status: assertTransition(t, 'fail'), error: taskError, updated_at: now };
        }
        return {
          ...without(t, 'lease'),
          status: assertTransition(t, 'requeue'),
          error: taskError,
          retry_at: new Date(now.getTime() + retryInMs),
          progress: { phase: 'queued', fraction: 0, message: `re-queued after a transient failure (${taskError.code}); next try in ${Math.ceil(retryInMs / 1000)} s`, updated_at: now },
          updated_at: now,
        };
      });
      if (retryInMs !== undefined) await schedule(task.id, retryInMs);
      return task;
    },

    async findRecoverable(when = now()) {
      const at = when.getTime();
      return (await store.listActive())
        .filter((t) =>
          t.status === 'pending' ? (t.retry_at?.getTime() ?? 0) <= at : t.status === 'processing' && (t.lease?.expires_at.getTime() ?? 0) <= at,
        )
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1))
        .map((t) => t.id);
    },
  };
}
