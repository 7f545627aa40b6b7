import { FieldIssues } from '@embedding-studio/errors';
import { isPlainObject, type JsonValue } from '@embedding-studio/primitives';
import { ExperimentsTrackerInvalidInputError } from '../errors.js';
import type { IterationStatus, MainMetric, ModelStatus, RunEndStatus, RunParams } from './model.js';

/** Page size when none is given. */
export const DEFAULT_PAGE_LIMIT = 20;
/** Largest page size accepted. */
export const MAX_PAGE_LIMIT = 200;

const MAX_NAME = 256;
const MAX_PARAMS_DEPTH = 16;

/** Collects every problem of one call, so a caller learns about all of them at once. */
export class Checker extends FieldIssues {
  /** Throws {@link ExperimentsTrackerInvalidInputError} when an issue was found. */
  done(): void {
    this.throwIfAny((issues) => new ExperimentsTrackerInvalidInputError(issues));
  }

  name(field: string, value: unknown): string | undefined {
    if (typeof value !== 'string' || value.trim() === '') return this.add(field, `must be a non-empty string, got ${describe(value)}.`);
    if (value.length > MAX_NAME) return this.add(field, `must be at most ${MAX_NAME} characters, got ${value.length}.`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) return this.add(field, 'must not contain control characters.');
    return value;
  }

  finite(field: string, value: unknown): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.add(field, `must be a finite number, got ${describe(value)}.`);
    return value;
  }

  integer(field: string, value: unknown, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      return this.add(field, `must be an integer in ${min}..${max}, got ${describe(value)}.`);
    }
    return value;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.add(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(value)}.`);
    }
    return value as T;
  }

  mainMetric(field: string, value: unknown): MainMetric | undefined {
    if (!isPlainObject(value)) return this.add(field, `must be an object { name, mode: 'max' | 'min' }, got ${describe(value)}.`);
    const name = this.name(`${field}.name`, value['name']);
    const mode = this.oneOf(`${field}.mode`, value['mode'], ['max', 'min'] as const);
    return name === undefined || mode === undefined ? undefined : { name, mode };
  }

  /** A plain JSON object: strings, finite numbers, booleans, null, arrays and plain objects. */
  params(field: string, value: unknown): RunParams | undefined {
    if (!isPlainObject(value)) return this.add(field, `must be a plain JSON object, got ${describe(value)}.`);
    const before = this.issues.length;
    const copy = this.json(field, value, 0);
    return this.issues.length === before ? (copy as RunParams) : undefined;
  }

  private json(field: string, value: unknown, depth: number): JsonValue | undefined {
    if (depth > MAX_PARAMS_DEPTH) return this.add(field, `is nested deeper than ${MAX_PARAMS_DEPTH} levels.`);
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : this.add(field, `must be a finite number (JSON has no ${String(value)}).`);
    if (Array.isArray(value)) return value.map((v, i) => this.json(`${field}.${i}`, v, depth + 1) ?? null);
    if (isPlainObject(value)) {
      const out: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) {
          this.add(`${field}.${k}`, 'is undefined; omit the key or use null.');
          continue;
        }
        out[k] = this.json(`${field}.${k}`, v, depth + 1) ?? null;
      }
      return out;
    }
    return this.add(field, `must be a JSON value, got ${describe(value)}.`);
  }

  bytes(field: string, value: unknown): Uint8Array | undefined {
    if (!(value instanceof Uint8Array)) return this.add(field, `must be a Uint8Array, got ${describe(value)}.`);
    if (value.byteLength === 0) return this.add(field, 'is empty; pass the serialised model.');
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.byteLength})`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  return typeof value;
}

export const RUN_END_STATUSES: readonly RunEndStatus[] = ['finished', 'failed', 'cancelled'];
export const ITERATION_STATUSES: readonly IterationStatus[] = ['active', 'finished', 'archived'];
export const MODEL_STATUSES: readonly ModelStatus[] = ['live', 'deleted'];

/** Paging and filters of {@link ExperimentsReader.listIterations}. */
export interface ListIterationsOptions {
  /** Only this plugin's iterations (its initial iteration included). @defaultValue all plugins */
  readonly plugin?: string;
  /** Records to skip. @defaultValue 0 */
  readonly skip?: number;
  /** Page size, 1..200. @defaultValue 20 */
  readonly limit?: number;
}

/** Paging and filters of {@link ExperimentsReader.listModels}. */
export interface ListModelsOptions {
  /** @defaultValue all plugins */
  readonly plugin?: string;
  /** @defaultValue both `live` and `deleted` */
  readonly status?: ModelStatus;
  /** @defaultValue 0 */
  readonly skip?: number;
  /** 1..200. @defaultValue 20 */
  readonly limit?: number;
}

export interface CheckedPage {
  readonly skip: number;
  readonly limit: number;
}

/** Checks typed list options and fills in the defaults. */
export function checkListOptions(
  options: unknown,
  withStatus: boolean,
): CheckedPage & { readonly plugin?: string; readonly status?: ModelStatus } {
  const c = new Checker();
  if (options !== undefined && !isPlainObject(options)) {
    c.add('options', 'must be an object { plugin?, skip?, limit? }.');
    c.done();
  }
  const o = (options ?? {}) as Record<string, unknown>;
  const skip = o['skip'] === undefined ? 0 : c.integer('skip', o['skip'], 0, Number.MAX_SAFE_INTEGER);
  const limit = o['limit'] === undefined ? DEFAULT_PAGE_LIMIT : c.integer('limit', o['limit'], 1, MAX_PAGE_LIMIT);
  const plugin = o['plugin'] === undefined ? undefined : c.name('plugin', o['plugin']);
  const status = withStatus && o['status'] !== undefined ? c.oneOf('status', o['status'], MODEL_STATUSES) : undefined;
  c.done();
  return { skip: skip ?? 0, limit: limit ?? DEFAULT_PAGE_LIMIT, ...(plugin === undefined ? {} : { plugin }), ...(status === undefined ? {} : { status }) };
}

/** Reads a query-string integer (`"10"`); anything but digits is an issue. */
function queryInt(c: Checker, query: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const raw = query[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return c.add(key, `must be an integer in ${min}..${max}, got ${describe(raw)}.`);
  return c.integer(key, Number(raw), min, max);
}

function queryString(c: Checker, query: Record<string, unknown>, key: string): string | undefined {
  const raw = query[key];
  if (raw === undefined) return undefined;
  return c.name(key, raw);
}

/**
 * Parses the query string of `GET /experiments` (`plugin`, `skip`, `limit`; values are
 * strings). Unknown keys are ignored.
 * @throws ExperimentsTrackerInvalidInputError listing every bad field.
 */
export function parseIterationsQuery(query: Record<string, unknown>): ListIterationsOptions {
  const c = new Checker();
  const skip = queryInt(c, query, 'skip', 0, Number.MAX_SAFE_INTEGER);
  const limit = queryInt(c, query, 'limit', 1, MAX_PAGE_LIMIT);
  const plugin = queryString(c, query, 'plugin');
  c.done();
  return { ...(plugin === undefined ? {} : { plugin }), ...(skip === undefined ? {} : { skip }), ...(limit === undefined ? {} : { limit }) };
}

/**
 * Parses the query string of `GET /models` (`plugin`, `status`, `skip`, `limit`). Unknown
 * keys are ignored.
 * @throws ExperimentsTrackerInvalidInputError listing every bad field.
 */
export function parseModelsQuery(query: Record<string, unknown>): ListModelsOptions {
  const c = new Checker();
  const skip = queryInt(c, query, 'skip', 0, Number.MAX_SAFE_INTEGER);
  const limit = queryInt(c, query, 'limit', 1, MAX_PAGE_LIMIT);
  const plugin = queryString(c, query, 'plugin');
  const status = query['status'] === undefined ? undefined : c.oneOf('status', query['status'], MODEL_STATUSES);
  c.done();
  return {
    ...(plugin === undefined ? {} : { plugin }),
    ...(status === undefined ? {} : { status }),
    ...(skip === undefined ? {} : { skip }),
    ...(limit === undefined ? {} : { limit }),
  };
}
