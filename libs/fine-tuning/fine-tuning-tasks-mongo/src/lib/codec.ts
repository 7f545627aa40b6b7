import type { FineTuningTask, TaskProgress, TaskStatus } from '@embedding-studio/fine-tuning-tasks';
import type { JsonObject } from '@embedding-studio/primitives';

/**
 * A task snapshot as stored. Differences from {@link FineTuningTask}: `metadata` is kept as JSON
 * text and `metrics` as a list of pairs, because client-chosen keys (with `.` or a leading `$`)
 * are not safe as field names on every MongoDB-protocol server.
 */
export interface TaskDoc {
  id: string;
  fine_tuning_method: string;
  status: TaskStatus;
  created_at: Date;
  updated_at: Date;
  attempt: number;
  batch_id?: string;
  metadata_json?: string;
  idempotency_key?: string;
  best_model_url?: string;
  best_model_id?: string;
  metrics?: { name: string; value: number }[];
  progress?: TaskProgress;
  error?: { name: string; code: string; message: string };
  lease?: { owner: string; expires_at: Date };
  retry_at?: Date;
}

const PROGRESS_NUMBERS = ['run', 'runs', 'epoch', 'epochs', 'step', 'steps'] as const;

function progressOf(p: TaskProgress): TaskProgress {
  const out: TaskProgress = { phase: p.phase, fraction: p.fraction, updated_at: new Date(p.updated_at) };
  for (const k of PROGRESS_NUMBERS) if (typeof p[k] === 'number') out[k] = p[k];
  if (p.best_metric === null) out.best_metric = null;
  else if (p.best_metric) out.best_metric = { name: p.best_metric.name, value: p.best_metric.value };
  if (typeof p.message === 'string') out.message = p.message;
  return out;
}

export function encodeTask(t: FineTuningTask): TaskDoc {
  const doc: TaskDoc = {
    id: t.id,
    fine_tuning_method: t.fine_tuning_method,
    status: t.status,
    created_at: t.created_at,
    updated_at: t.updated_at,
    attempt: t.attempt,
  };
  if (t.batch_id !== undefined) doc.batch_id = t.batch_id;
  if (t.metadata !== undefined) doc.metadata_json = JSON.stringify(t.metadata);
  if (t.idempotency_key !== undefined) doc.idempotency_key = t.idempotency_key;
  if (t.best_model_url !== undefined) doc.best_model_url = t.best_model_url;
  if (t.best_model_id !== undefined) doc.best_model_id = t.best_model_id;
  if (t.metrics !== undefined) doc.metrics = Object.entries(t.metrics).map(([name, value]) => ({ name, value }));
  if (t.progress !== undefined) doc.progress = progressOf(t.progress);
  if (t.error !== undefined) doc.error = { name: t.error.name, code: t.error.code, message: t.error.message };
  if (t.lease !== undefined) doc.lease = { owner: t.lease.owner, expires_at: t.lease.expires_at };
  if (t.retry_at !== undefined) doc.retry_at = t.retry_at;
  return doc;
}

const present = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null;

/** Reads a stored snapshot back; fields stored as null or missing come back absent. */
export function decodeTask(d: TaskDoc): FineTuningTask {
  const t: FineTuningTask = {
    id: d.id,
    fine_tuning_method: d.fine_tuning_method,
    status: d.status,
    created_at: new Date(d.created_at),
    updated_at: new Date(d.updated_at),
    attempt: d.attempt ?? 0,
  };
  if (present(d.batch_id)) t.batch_id = d.batch_id;
  if (present(d.metadata_json)) t.metadata = JSON.parse(d.metadata_json) as JsonObject;
  if (present(d.idempotency_key)) t.idempotency_key = d.idempotency_key;
  if (present(d.best_model_url)) t.best_model_url = d.best_model_url;
  if (present(d.best_model_id)) t.best_model_id = d.best_model_id;
  if (present(d.metrics)) t.metrics = Object.fromEntries(d.metrics.map((m) => [m.name, m.value]));
  if (present(d.progress)) t.progress = progressOf(d.progress);
  if (present(d.error)) t.error = { name: d.error.name, code: d.error.code, message: d.error.message };
  if (present(d.lease)) t.lease = { owner: d.lease.owner, expires_at: new Date(d.lease.expires_at) };
  if (present(d.retry_at)) t.retry_at = new Date(d.retry_at);
  return t;
}
