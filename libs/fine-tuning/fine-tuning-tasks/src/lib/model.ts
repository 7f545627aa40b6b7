import type { JsonObject } from '@embedding-studio/primitives';

/** Where a fine-tuning task is in its life. See `TASK_TRANSITIONS` for the legal moves. */
export type TaskStatus = 'pending' | 'processing' | 'done' | 'error' | 'canceled';

/** Every {@link TaskStatus}, in life-cycle order. */
export const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'processing', 'done', 'error', 'canceled'];

/** Statuses a task never leaves on its own (only a restart moves it on). */
export const TERMINAL_STATUSES: readonly TaskStatus[] = ['done', 'error', 'canceled'];

/** The stage a running task reports. */
export type TaskPhase = 'queued' | 'preparing' | 'training' | 'saving' | 'finished';

export const TASK_PHASES: readonly TaskPhase[] = ['queued', 'preparing', 'training', 'saving', 'finished'];

/** The best value of the main metric seen so far. */
export interface TaskMetricValue {
  name: string;
  value: number;
}

/** Progress of a task as its worker last reported it. */
export interface TaskProgress {
  phase: TaskPhase;
  /** Share of the whole task done, 0..1. */
  fraction: number;
  /** 1-based hyperparameter run and the planned number of runs. */
  run?: number;
  runs?: number;
  /** 1-based epoch of the current run and the planned epochs. */
  epoch?: number;
  epochs?: number;
  /** Optimizer steps done in the current run and the planned total. */
  step?: number;
  steps?: number;
  best_metric?: TaskMetricValue | null;
  /** A short human-readable note, e.g. "downloading items". */
  message?: string;
  /** When the worker reported this progress (set by the service). */
  updated_at: Date;
}

/** What a worker reports; the service stamps `updated_at`. */
export type TaskProgressInput = Omit<TaskProgress, 'updated_at'>;

/** The error a task ended (or was re-queued) with. */
export interface TaskError {
  name: string;
  code: string;
  message: string;
}

/** The worker holding a processing task, and until when. Internal: never shown over HTTP. */
export interface TaskLease {
  owner: string;
  expires_at: Date;
}

/** One fine-tuning task. Optional fields are absent (never `undefined`) when unset. */
export interface FineTuningTask {
  /** 24 lower-case hex digits (MongoDB ObjectId-like). */
  id: string;
  /** Name of a loaded fine-tuning method (a plugin). */
  fine_tuning_method: string;
  status: TaskStatus;
  created_at: Date;
  updated_at: Date;
  /** The clickstream batch the task trains on (set at creation, or by the worker when it releases one). */
  batch_id?: string;
  metadata?: JsonObject;
  /** Lower-case UUID; a second create with the same key returns this task. */
  idempotency_key?: string;
  best_model_url?: string;
  best_model_id?: string;
  /** Metrics of the best run. */
  metrics?: Record<string, number>;
  progress?: TaskProgress;
  error?: TaskError;
  /** How many times a worker claimed the task (takeovers and retries included). */
  attempt: number;
  /** Internal: the worker holding the task while it is processing. */
  lease?: TaskLease;
  /** Internal: a re-queued task is not recovered by a sweeper before this time. */
  retry_at?: Date;
}
