import type { JsonObject } from '@embedding-studio/primitives';
import type { FineTuningTask, TaskError, TaskProgress, TaskStatus } from './model.js';

/** Progress as the HTTP API shows it: the stored progress with `updated_at` as ISO-8601 UTC. */
export type TaskProgressView = Omit<TaskProgress, 'updated_at'> & { updated_at: string };

/**
 * A task as the HTTP API shows it: the 0.0.1 shape with unset fields omitted, dates as ISO-8601
 * UTC strings, plus `best_model_id`, `progress`, `metrics` and `error`. Leases never appear.
 */
export interface TaskView {
  id: string;
  fine_tuning_method: string;
  status: TaskStatus;
  created_at: string;
  updated_at: string;
  batch_id?: string;
  metadata?: JsonObject;
  idempotency_key?: string;
  best_model_url?: string;
  best_model_id?: string;
  progress?: TaskProgressView;
  metrics?: Record<string, number>;
  error?: TaskError;
}

/** The answer of restart and cancel, as 0.0.1 gave it. */
export interface TaskStatusView {
  id: string;
  status: TaskStatus;
}

/** The HTTP view of a task. */
export function toTaskView(task: FineTuningTask): TaskView {
  const view: TaskView = {
    id: task.id,
    fine_tuning_method: task.fine_tuning_method,
    status: task.status,
    created_at: task.created_at.toISOString(),
    updated_at: task.updated_at.toISOString(),
  };
  if (task.batch_id !== undefined) view.batch_id = task.batch_id;
  if (task.metadata !== undefined) view.metadata = task.metadata;
  if (task.idempotency_key !== undefined) view.idempotency_key = task.idempotency_key;
  if (task.best_model_url !== undefined) view.best_model_url = task.best_model_url;
  if (task.best_model_id !== undefined) view.best_model_id = task.best_model_id;
  if (task.progress !== undefined) view.progress = { ...task.progress, updated_at: task.progress.updated_at.toISOString() };
  if (task.metrics !== undefined) view.metrics = task.metrics;
  if (task.error !== undefined) view.error = { name: task.error.name, code: task.error.code, message: task.error.message };
  return view;
}
