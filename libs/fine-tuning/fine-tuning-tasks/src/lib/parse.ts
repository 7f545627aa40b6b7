import { FieldIssues } from '@embedding-studio/errors';
import { TaskNotFoundError, TaskValidationError } from '../errors.js';
import { isTaskId } from './ids.js';
import type { JsonObject } from '@embedding-studio/primitives';
import { TASK_PHASES, TASK_STATUSES, type TaskPhase, type TaskProgressInput, type TaskStatus } from './model.js';

/** Size limits of task input. */
export const TASK_INPUT_LIMITS = {
  /** Longest `fine_tuning_method`, `batch_id`, owner or model id. */
  maxNameLength: 200,
  /** Longest `best_model_url`. */
  maxUrlLength: 4096,
  /** Largest `metadata`, in bytes of its JSON text. */
  maxMetadataBytes: 64 * 1024,
  /** Deepest nesting of `metadata`. */
  maxMetadataDepth: 32,
  /** Longest progress `message`. */
  maxMessageLength: 1000,
  /** Most entries in `metrics`. */
  maxMetrics: 200,
  /** Largest page of `GET /fine-tuning/task`. */
  maxListLimit: 1000,
} as const;

/** A validated `POST /fine-tuning/task` body. */
export interface CreateTaskInput {
  fine_tuning_method: string;
  batch_id?: string;
  metadata?: JsonObject;
  /** Canonical lower-case UUID. */
  idempotency_key?: string;
}

/** A validated `GET /fine-tuning/task` query. */
export interface ListTasksQuery {
  skip: number;
  limit: number;
  status?: TaskStatus;
}

/** What a worker reports when it finishes a task. */
export interface TaskCompletion {
  best_model_url: string;
  best_model_id?: string;
  /** Metrics of the best run. @defaultValue {} */
  metrics?: Record<string, number>;
}

const utf8 = new TextEncoder();
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Collects every problem of one input, so the caller learns about all of them at once. */
class Issues extends FieldIssues {
  object(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.add(field, 'must be a JSON object');
    return value as Record<string, unknown>;
  }

  name(value: unknown, field: string, max: number = TASK_INPUT_LIMITS.maxNameLength): string {
    if (typeof value !== 'string' || value.trim() === '') return this.add(field, 'is required and must be a non-empty string') ?? '';
    if (value.length > max) return this.add(field, `must be at most ${max} characters`) ?? '';
    return value;
  }

  optionalName(value: unknown, field: string, max?: number): string | undefined {
    return value === undefined || value === null ? undefined : this.name(value, field, max);
  }

  int(value: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.add(field, `must be an integer between ${min} and ${max}`) ?? min;
    }
    return value;
  }

  optionalInt(value: unknown, field: string, min: number): number | undefined {
    return value === undefined || value === null ? undefined : this.int(value, field, min);
  }

  finite(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.add(field, 'must be a finite number') ?? 0;
    return value;
  }

  done<T>(value: T): T {
    this.throwIfAny((issues) => new TaskValidationError(issues));
    return value;
  }
}

/** Problems that make `value` not plain JSON (functions, NaN, class instances, cycles, too deep). */
function jsonProblem(value: unknown, depth: number): string | undefined {
  if (depth > TASK_INPUT_LIMITS.maxMetadataDepth) return `is nested deeper than ${TASK_INPUT_LIMITS.maxMetadataDepth} levels`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'holds a number that is not finite';
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = jsonProblem(v, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) {
      const p = jsonProblem(v, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  return 'holds a value that is not JSON';
}

function metadata(c: Issues, value: unknown): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  const obj = c.object(value, 'metadata');
  if (!obj) return undefined;
  const problem = jsonProblem(obj, 0);
  if (problem) return c.add('metadata', problem);
  const size = utf8.encode(JSON.stringify(obj)).length;
  if (size > TASK_INPUT_LIMITS.maxMetadataBytes) {
    return c.add('metadata', `is ${size} bytes as JSON, over the limit of ${TASK_INPUT_LIMITS.maxMetadataBytes}; keep large data elsewhere and reference it`);
  }
  return obj as JsonObject;
}

/** A UUID in either the hyphenated or the 32-digit form, returned hyphenated and lower-case. */
function uuid(c: Issues, value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !UUID.test(value)) {
    return c.add(field, 'must be a UUID such as "123e4567-e89b-42d3-a456-426614174000"');
  }
  const hex = value.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Validates the body of `POST /fine-tuning/task` (unknown fields are ignored, as 0.0.1 did). */
export function parseCreateTask(body: unknown): CreateTaskInput {
  const c = new Issues();
  const b = c.object(body, 'body') ?? {};
  const out: CreateTaskInput = { fine_tuning_method: c.name(b['fine_tuning_method'], 'fine_tuning_method') };
  const batchId = c.optionalName(b['batch_id'], 'batch_id');
  if (batchId !== undefined) out.batch_id = batchId;
  const meta = metadata(c, b['metadata']);
  if (meta !== undefined) out.metadata = meta;
  const key = uuid(c, b['idempotency_key'], 'idempotency_key');
  if (key !== undefined) out.idempotency_key = key;
  return c.done(out);
}

/**
 * Checks a task id from a URL. A malformed id cannot name a task, so it is reported as not found
 * (404), as 0.0.1 did. Returns the id lower-cased.
 */
export function parseTaskId(id: unknown): string {
  if (!isTaskId(id)) throw new TaskNotFoundError(typeof id === 'string' ? id : String(id));
  return id.toLowerCase();
}

function queryInt(c: Issues, query: Record<string, unknown>, field: string, fallback: number, min: number, max: number): number {
  const raw = query[field];
  if (raw === undefined || raw === '') return fallback;
  const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    return c.add(field, `must be an integer between ${min} and ${max}`) ?? fallback;
  }
  return Number(text);
}

/** Validates `GET /fine-tuning/task?skip=&limit=&status=` (skip 0, limit 100 by default). */
export function parseListQuery(query: Record<string, unknown>): ListTasksQuery {
  const c = new Issues();
  const out: ListTasksQuery = {
    skip: queryInt(c, query, 'skip', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: queryInt(c, query, 'limit', 100, 1, TASK_INPUT_LIMITS.maxListLimit),
  };
  const status = query['status'];
  if (status !== undefined && status !== '') {
    if (typeof status === 'string' && (TASK_STATUSES as readonly string[]).includes(status)) out.status = status as TaskStatus;
    else c.add('status', `must be one of ${TASK_STATUSES.join(', ')}`);
  }
  return c.done(out);
}

/** Validates a worker's progress report. */
export function parseProgress(input: unknown): TaskProgressInput {
  const c = new Issues();
  const p = c.object(input, 'progress') ?? {};
  const phase = p['phase'];
  if (typeof phase !== 'string' || !(TASK_PHASES as readonly string[]).includes(phase)) c.add('progress.phase', `must be one of ${TASK_PHASES.join(', ')}`);
  const fraction = c.finite(p['fraction'], 'progress.fraction');
  if (fraction < 0 || fraction > 1) c.add('progress.fraction', 'must be between 0 and 1');
  const out: TaskProgressInput = { phase: phase as TaskPhase, fraction };
  for (const key of ['run', 'runs', 'epoch', 'epochs', 'step', 'steps'] as const) {
    const v = c.optionalInt(p[key], `progress.${key}`, 0);
    if (v !== undefined) out[key] = v;
  }
  const best = p['best_metric'];
  if (best === null) out.best_metric = null;
  else if (best !== undefined) {
    const b = c.object(best, 'progress.best_metric') ?? {};
    out.best_metric = { name: c.name(b['name'], 'progress.best_metric.name'), value: c.finite(b['value'], 'progress.best_metric.value') };
  }
  const message = p['message'];
  if (message !== undefined && message !== null) {
    if (typeof message !== 'string' || message.length > TASK_INPUT_LIMITS.maxMessageLength) {
      c.add('progress.message', `must be a string of at most ${TASK_INPUT_LIMITS.maxMessageLength} characters`);
    } else out.message = message;
  }
  return c.done(out);
}

function metrics(c: Issues, value: unknown, field: string): Record<string, number> {
  if (value === undefined || value === null) return {};
  const obj = c.object(value, field);
  if (!obj) return {};
  const entries = Object.entries(obj);
  if (entries.length > TASK_INPUT_LIMITS.maxMetrics) return c.add(field, `must hold at most ${TASK_INPUT_LIMITS.maxMetrics} metrics`) ?? {};
  return Object.fromEntries(entries.map(([k, v]) => [k, c.finite(v, `${field}.${k}`)]));
}

/** Validates what a worker reports when it finishes a task. */
export function parseCompletion(input: unknown): Required<Pick<TaskCompletion, 'best_model_url' | 'metrics'>> & Pick<TaskCompletion, 'best_model_id'> {
  const c = new Issues();
  const r = c.object(input, 'result') ?? {};
  const out: Required<Pick<TaskCompletion, 'best_model_url' | 'metrics'>> & Pick<TaskCompletion, 'best_model_id'> = {
    best_model_url: c.name(r['best_model_url'], 'best_model_url', TASK_INPUT_LIMITS.maxUrlLength),
    metrics: metrics(c, r['metrics'], 'metrics'),
  };
  const modelId = c.optionalName(r['best_model_id'], 'best_model_id');
  if (modelId !== undefined) out.best_model_id = modelId;
  return c.done(out);
}

/** Validates the worker identity and timing arguments of the worker-side calls. */
export function parseWorkerArgs(args: { owner?: unknown; leaseMs?: unknown; retryInMs?: unknown; batchId?: unknown }): void {
  const c = new Issues();
  if ('owner' in args) c.name(args.owner, 'owner');
  if ('leaseMs' in args) c.int(args.leaseMs, 'leaseMs', 1);
  if ('retryInMs' in args && args.retryInMs !== undefined) c.int(args.retryInMs, 'retryInMs', 0);
  if ('batchId' in args) c.name(args.batchId, 'batchId');
  c.done(undefined);
}
