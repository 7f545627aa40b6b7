import { FieldIssues } from '@embedding-studio/errors';
import type { JsonObject } from '@embedding-studio/primitives';
import { ClickstreamLimitExceededError, ClickstreamValidationError } from '../errors.js';
import type { ClickstreamLimits } from './limits.js';
import { storableProblem } from './storable.js';

const utf8 = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024, native in Node 20) where the runtime has it. */
const nativeWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;

/** False for text with a lone UTF-16 surrogate, which UTF-8 storage would replace with U+FFFD. */
function isWellFormed(text: string): boolean {
  return nativeWellFormed ? nativeWellFormed.call(text) : !LONE_SURROGATE.test(text);
}

/**
 * The hot path of {@link Checker.meta}: true when a JSON value has nothing that the exact checks
 * would report (a bad key or text, nesting deeper than `maxDepth`, an array directly inside an
 * array), without building any field path. Adds to `size.bound` an upper bound of the value's
 * JSON length in UTF-8 bytes (6 per UTF-16 unit covers `\u00XX` escapes; 24 per number), so
 * the exact length is computed only for values near the limit.
 */
function plainJson(value: unknown, depth: number, inArray: boolean, maxDepth: number, size: { bound: number }): boolean {
  if (typeof value === 'string') {
    size.bound += 6 * value.length + 2;
    return isWellFormed(value);
  }
  if (value === null || typeof value !== 'object') {
    size.bound += 24;
    return true;
  }
  if (depth > maxDepth) return false;
  size.bound += 2;
  if (Array.isArray(value)) {
    if (inArray) return false;
    for (const item of value as unknown[]) {
      size.bound += 1;
      if (!plainJson(item, depth + 1, true, maxDepth, size)) return false;
    }
    return true;
  }
  for (const key of Object.keys(value)) {
    if (keyProblem(key) !== undefined) return false;
    size.bound += 6 * key.length + 4;
    if (!plainJson((value as Record<string, unknown>)[key], depth + 1, false, maxDepth, size)) return false;
  }
  return true;
}

/** A result as sent by a client, before ranks are filled in. */
export interface ResultInput {
  object_id: string;
  rank: number | null;
  meta: JsonObject | null;
  /** 0-based position in the posted page; the default rank is derived from it. */
  position?: number;
}

export interface NewSessionInput {
  session_id: string;
  search_query: string;
  search_results: ResultInput[];
  search_meta: JsonObject | null;
  user_id: string | null;
  created_at: number | null;
  is_irrelevant: boolean;
}

export interface EventInput {
  event_id: string;
  object_id: string;
  event_type: string;
  created_at: number | null;
  meta: JsonObject | null;
}

export interface NewEventsInput {
  session_id: string;
  events: EventInput[];
}

export interface AppendResultsInput {
  session_id: string;
  search_results: ResultInput[];
}

export interface BatchSessionsQuery {
  batch_id: string;
  after_number: number;
  limit: number;
  /** 0 = up to the configured maximum. */
  events_limit: number;
}

/** The clickstream's checks over the shared field-issue collector. */
class Checker extends FieldIssues {
  constructor(private readonly limits: ClickstreamLimits) {
    super();
  }

  object(value: unknown, field: string): Record<string, unknown> | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.add(field, 'must be a JSON object');
    return value as Record<string, unknown>;
  }

  id(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.trim() === '') return this.add(field, 'is required and must be a non-empty string') ?? '';
    if (value.length > this.limits.maxIdLength) return this.add(field, `must be at most ${this.limits.maxIdLength} characters`) ?? '';
    return this.wellFormed(value, field);
  }

  /** Strings are stored as received: text that UTF-8 storage cannot hold unchanged is refused. */
  wellFormed(value: string, field: string): string {
    if (!isWellFormed(value)) return this.add(field, 'contains a lone UTF-16 surrogate (invalid Unicode); send well-formed UTF-8 text') ?? '';
    return value;
  }

  optionalId(value: unknown, field: string): string | null {
    return value === undefined || value === null ? null : this.id(value, field);
  }

  text(value: unknown, field: string, max: number): string {
    if (typeof value !== 'string' || value.trim() === '') return this.add(field, 'is required and must be a non-empty string') ?? '';
    if (value.length > max) return this.add(field, `must be at most ${max} characters`) ?? '';
    return this.wellFormed(value, field);
  }

  timestamp(value: unknown, field: string): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      return this.add(field, 'must be a non-negative integer (UTC epoch seconds)') ?? null;
    }
    return value;
  }

  optionalNumber(value: unknown, field: string): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.add(field, 'must be a finite number') ?? null;
    return value;
  }

  meta(value: unknown, field: string): JsonObject | null {
    if (value === undefined || value === null) return null;
    const obj = this.object(value, field);
    if (!obj) return null;
    const estimate = { bound: 0 };
    const plain = plainJson(obj, 1, false, this.limits.maxMetaDepth, estimate);
    if (!plain) {
      // Something to report: the exact walks name the field and the problem.
      if (!this.storable(obj, field)) return null;
      const nested = storableProblem(obj);
      if (nested) return this.add(field, nested) ?? null;
    }
    if (!plain || estimate.bound > this.limits.maxMetaBytes) {
      const size = utf8.encode(JSON.stringify(obj)).length;
      if (size > this.limits.maxMetaBytes) throw new ClickstreamLimitExceededError(field, this.limits.maxMetaBytes, size, 'bytes');
    }
    return obj as JsonObject;
  }

  /**
   * Walks a JSON object without recursion (any depth is safe to inspect) and reports the first
   * thing a MongoDB-protocol store cannot keep as received: keys that are empty, start with `$`,
   * contain `.` or NUL, nesting deeper than the limit, and malformed Unicode.
   */
  storable(root: Record<string, unknown>, field: string): boolean {
    const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: field, depth: 1 }];
    while (stack.length > 0) {
      const { value, path, depth } = stack.pop()!;
      if (typeof value === 'string') {
        if (!isWellFormed(value)) return this.add(path, 'contains a lone UTF-16 surrogate (invalid Unicode); send well-formed UTF-8 text') ?? false;
        continue;
      }
      if (value === null || typeof value !== 'object') continue;
      if (depth > this.limits.maxMetaDepth) return this.add(path, `nests deeper than ${this.limits.maxMetaDepth} levels; flatten it`) ?? false;
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      for (const [key, child] of entries) {
        if (!Array.isArray(value)) {
          const problem = keyProblem(key);
          if (problem) return this.add(`${path}.${key}`, problem) ?? false;
        }
        stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
    return true;
  }

  array(value: unknown, field: string, max: number, unit: string): unknown[] {
    if (!Array.isArray(value)) return this.add(field, 'is required and must be an array') ?? [];
    if (value.length > max) throw new ClickstreamLimitExceededError(field, max, value.length, unit);
    return value;
  }

  done<T>(value: T): T {
    this.throwIfAny((issues) => new ClickstreamValidationError(issues));
    return value;
  }
}

function keyProblem(key: string): string | undefined {
  if (key === '') return 'has an empty key; name every field';
  if (key.startsWith('$')) return 'has a key starting with "$", which the database reserves; rename it';
  if (key.includes('.')) return 'has a key containing ".", which the database reads as a path; rename it';
  if (key.includes('\u0000')) return 'has a key containing a NUL character; remove it';
  if (!isWellFormed(key)) return 'has a key with a lone UTF-16 surrogate (invalid Unicode); send well-formed UTF-8 text';
  return undefined;
}

/**
 * A page of results. An object shown twice on one page keeps its first occurrence (as 0.0.1
 * clients post real pages that sometimes repeat an item); the repeat is dropped, not refused.
 */
function results(c: Checker, value: unknown, field: string, limits: ClickstreamLimits): ResultInput[] {
  const items = c.array(value, field, limits.maxResultsPerSession, 'results');
  const seen = new Set<string>();
  const out: ResultInput[] = [];
  items.forEach((raw, i) => {
    const path = `${field}.${i}`;
    const item = c.object(raw, path) ?? {};
    const objectId = c.id(item['object_id'], `${path}.object_id`);
    const parsed = { object_id: objectId, rank: c.optionalNumber(item['rank'], `${path}.rank`), meta: c.meta(item['meta'], `${path}.meta`), position: i };
    if (objectId !== '' && seen.has(objectId)) return;
    seen.add(objectId);
    out.push(parsed);
  });
  return out;
}

/** Validates the body of `POST /clickstream/session`. */
export function parseNewSession(body: unknown, limits: ClickstreamLimits): NewSessionInput {
  const c = new Checker(limits);
  const b = c.object(body, 'body') ?? {};
  const isIrrelevant = b['is_irrelevant'];
  if (isIrrelevant !== undefined && isIrrelevant !== null && typeof isIrrelevant !== 'boolean') c.add('is_irrelevant', 'must be true or false');
  return c.done({
    session_id: c.id(b['session_id'], 'session_id'),
    search_query: c.text(b['search_query'], 'search_query', limits.maxQueryLength),
    search_results: results(c, b['search_results'], 'search_results', limits),
    search_meta: c.meta(b['search_meta'], 'search_meta'),
    user_id: c.optionalId(b['user_id'], 'user_id'),
    created_at: c.timestamp(b['created_at'], 'created_at'),
    is_irrelevant: isIrrelevant === true,
  });
}

/** Validates the body of `POST /clickstream/session/results`. */
export function parseAppendResults(body: unknown, limits: ClickstreamLimits): AppendResultsInput {
  const c = new Checker(limits);
  const b = c.object(body, 'body') ?? {};
  const sessionId = c.id(b['session_id'], 'session_id');
  const items = results(c, b['search_results'], 'search_results', limits);
  if (Array.isArray(b['search_results']) && items.length === 0) c.add('search_results', 'must hold at least one result');
  return c.done({ session_id: sessionId, search_results: items });
}

/** One event; `path` prefixes its field names ('' for a top-level item). */
function eventItem(c: Checker, raw: unknown, path: string, limits: ClickstreamLimits): EventInput {
  const at = (name: string): string => (path === '' ? name : `${path}.${name}`);
  const e = c.object(raw, path === '' ? 'body' : path) ?? {};
  const type = e['event_type'];
  const eventType = type === undefined || type === null ? 'click' : c.text(type, at('event_type'), limits.maxIdLength);
  return {
    event_id: c.id(e['event_id'], at('event_id')),
    object_id: c.id(e['object_id'], at('object_id')),
    event_type: eventType,
    created_at: c.timestamp(e['created_at'], at('created_at')),
    meta: c.meta(e['meta'], at('meta')),
  };
}

/** Validates the body of `POST /clickstream/session/events`. */
export function parseNewEvents(body: unknown, limits: ClickstreamLimits): NewEventsInput {
  const c = new Checker(limits);
  const b = c.object(body, 'body') ?? {};
  const sessionId = c.id(b['session_id'], 'session_id');
  const events = c.array(b['events'], 'events', limits.maxEventsPerRequest, 'events').map((raw, i) => eventItem(c, raw, `events.${i}`, limits));
  return c.done({ session_id: sessionId, events });
}

/** One event of `POST /clickstream/events:bulk`: an event that names its session. */
export interface BulkEventInput extends EventInput {
  session_id: string;
}

/** The item list of a bulk body (`{ <field>: [...] }`, at most `maxBulkItems`); items are parsed one by one. */
export function parseBulkItems(body: unknown, field: 'sessions' | 'events', limits: ClickstreamLimits): unknown[] {
  const c = new Checker(limits);
  const b = c.object(body, 'body') ?? {};
  const items = c.array(b[field], field, limits.maxBulkItems, 'items');
  if (Array.isArray(b[field]) && items.length === 0) c.add(field, 'must hold at least one item');
  return c.done(items);
}

/** Validates one item of `POST /clickstream/events:bulk`. */
export function parseBulkEvent(raw: unknown, limits: ClickstreamLimits): BulkEventInput {
  const c = new Checker(limits);
  const sessionId = c.id((raw as Record<string, unknown> | null)?.['session_id'], 'session_id');
  return c.done({ session_id: sessionId, ...eventItem(c, raw, '', limits) });
}

/** Validates a body that only names a session (`POST /clickstream/session/irrelevant`). */
export function parseSessionRef(body: unknown, limits: ClickstreamLimits): { session_id: string } {
  const c = new Checker(limits);
  const b = c.object(body, 'body') ?? {};
  return c.done({ session_id: c.id(b['session_id'], 'session_id') });
}

/** Validates the body of `POST /clickstream/internal/batch/release`. */
export function parseRelease(body: unknown, limits: ClickstreamLimits): { release_id: string } {
  const c = new Checker(limits);
  const b = c.object(body, 'body') ?? {};
  return c.done({ release_id: c.id(b['release_id'], 'release_id') });
}

type Query = Record<string, unknown>;

function queryInt(c: Checker, q: Query, field: string, fallback: number, min: number, max: number): number {
  const raw = q[field];
  if (raw === undefined || raw === '') return fallback;
  const text = Array.isArray(raw) ? undefined : String(raw);
  if (text === undefined || !/^\d+$/.test(text)) return c.add(field, `must be an integer between ${min} and ${max}`) ?? fallback;
  const n = Number(text);
  if (n < min || n > max) return c.add(field, `must be an integer between ${min} and ${max}`) ?? fallback;
  return n;
}

/** Validates `GET /clickstream/session?session_id=`. */
export function parseSessionQuery(query: Query, limits: ClickstreamLimits): { session_id: string } {
  const c = new Checker(limits);
  return c.done({ session_id: c.id(query['session_id'], 'session_id') });
}

/** Validates `GET /clickstream/internal/batch/sessions?batch_id=&after_number=&limit=&events_limit=`. */
export function parseBatchSessionsQuery(query: Query, limits: ClickstreamLimits): BatchSessionsQuery {
  const c = new Checker(limits);
  return c.done({
    batch_id: c.id(query['batch_id'], 'batch_id'),
    after_number: queryInt(c, query, 'after_number', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: queryInt(c, query, 'limit', 10, 1, limits.maxPageSize),
    events_limit: queryInt(c, query, 'events_limit', 100, 0, limits.maxEventsPerSession),
  });
}

/** Validates `GET /clickstream/internal/batch?batch_id=` (omitted = the collecting batch). */
export function parseBatchQuery(query: Query, limits: ClickstreamLimits): { batch_id: string | null } {
  const c = new Checker(limits);
  return c.done({ batch_id: c.optionalId(query['batch_id'] === '' ? undefined : query['batch_id'], 'batch_id') });
}
