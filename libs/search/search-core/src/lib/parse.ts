// Validation of untrusted request bodies. Each parser lists every bad field (items by index) in
// one SearchValidationError, so a client fixes a request in one round.
import { FieldIssues } from '@embedding-studio/errors';
import { assertValidFilter, type CollectionSpec, type Filter } from '@embedding-studio/vector-index';
import { SearchPayloadTooLargeError, SearchValidationError } from '../errors.js';
import type { JsonObject } from '@embedding-studio/primitives';
import type { FilterableFieldType, SearchCollection, SearchItem } from './model.js';
import type { SearchLimits } from './services.js';

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;
const VERSIONED = /_v\d+$/;
// Field names become payload fields of the engine collection: the vector index's name rule.
const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FILTERABLE: readonly FilterableFieldType[] = ['keyword', 'text', 'int', 'float', 'bool'];
const MAX_ID_LENGTH = 256;

const isRecord = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shared collector, ending in this lib's validation error. */
class Issues extends FieldIssues {
  override throwIfAny(): void {
    super.throwIfAny((issues) => new SearchValidationError(issues));
  }
}

const object = (body: unknown, what: string): JsonObject => {
  if (!isRecord(body)) throw new SearchValidationError([{ field: 'body', message: `must be a JSON object (${what})` }]);
  return body;
};

/** Checks a collection name: used for bodies and for `{name}` in paths. */
export function collectionNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !NAME.test(name)) return 'must be 1 to 48 letters, digits or _, starting with a letter';
  if (VERSIONED.test(name)) return 'must not end in _v<digits> (that suffix names physical versions)';
  return undefined;
}

export interface NewCollectionInput {
  name: string;
  fields_to_embed: string[];
  encoder: string | undefined;
  filterable_fields: Record<string, FilterableFieldType>;
  feedback: CollectionFeedback | undefined;
}

export type CollectionFeedback = NonNullable<SearchCollection['feedback']>;

/**
 * A collection's feedback setting: `true`/`false`, or `{enabled, …settings}` (the settings are the
 * reranker's, checked by it). Adds issues under `field` and answers undefined when it is bad.
 */
function feedbackValue(value: unknown, field: string, issues: Issues): CollectionFeedback | undefined {
  if (typeof value === 'boolean') return { enabled: value };
  if (!isRecord(value) || typeof value['enabled'] !== 'boolean') {
    issues.add(isRecord(value) ? `${field}.enabled` : field, 'must be true or false, or an object {"enabled": true|false, …settings}');
    return undefined;
  }
  const { enabled, ...settings } = value;
  return Object.keys(settings).length > 0 ? { enabled: enabled as boolean, settings } : { enabled: enabled as boolean };
}

/** The body of `PUT /collections/{name}/feedback`: `{enabled, …settings}`. */
export function parseFeedbackUpdate(body: unknown): CollectionFeedback {
  const b = object(body, '{enabled: true|false, …settings}');
  const issues = new Issues();
  const feedback = feedbackValue(b, 'feedback', issues);
  issues.throwIfAny();
  return feedback!;
}

export function parseNewCollection(body: unknown): NewCollectionInput {
  const b = object(body, '{name, fields_to_embed?, model?: {encoder}, filterable_fields?, feedback?}');
  const issues = new Issues();
  const nameProblem = collectionNameProblem(b['name']);
  if (nameProblem) issues.add('name', nameProblem);
  let fields = ['text'];
  if (b['fields_to_embed'] !== undefined) {
    const f = b['fields_to_embed'];
    if (!Array.isArray(f) || f.length === 0 || f.length > 16 || !f.every((x) => typeof x === 'string' && FIELD.test(x))) {
      issues.add('fields_to_embed', 'must be a list of 1 to 16 field names (a letter, then letters, digits or _), e.g. ["title", "text"]');
    } else if (f.includes('id')) {
      issues.add('fields_to_embed', '"id" is the item id, not a field to embed');
    } else fields = [...new Set(f as string[])];
  }
  let encoder: string | undefined;
  if (b['model'] !== undefined) {
    const m = b['model'];
    if (!isRecord(m) || (m['encoder'] !== undefined && (typeof m['encoder'] !== 'string' || m['encoder'].length === 0))) {
      issues.add('model.encoder', 'must be an encoder name, e.g. {"encoder": "all-minilm-l6-v2"}');
    } else encoder = m['encoder'] as string | undefined;
  }
  const filterable: Record<string, FilterableFieldType> = {};
  if (b['filterable_fields'] !== undefined) {
    const ff = b['filterable_fields'];
    if (!isRecord(ff)) issues.add('filterable_fields', `must be an object of field name to type (${FILTERABLE.join(', ')})`);
    else
      for (const [k, v] of Object.entries(ff)) {
        if (!FIELD.test(k) || k === 'id') issues.add(`filterable_fields.${k}`, 'is not a usable field name (a letter, then letters, digits or _; not "id")');
        else if (!FILTERABLE.includes(v as FilterableFieldType)) issues.add(`filterable_fields.${k}`, `must be one of ${FILTERABLE.join(', ')}`);
        else filterable[k] = v as FilterableFieldType;
      }
  }
  const feedback = b['feedback'] === undefined ? undefined : feedbackValue(b['feedback'], 'feedback', issues);
  issues.throwIfAny();
  return { name: b['name'] as string, fields_to_embed: fields, encoder, filterable_fields: filterable, feedback };
}

/** The text a collection embeds for an item: its `fields_to_embed` joined with a space. */
export function itemText(fields: { readonly [key: string]: unknown }, fieldsToEmbed: readonly string[]): string {
  const parts: string[] = [];
  for (const f of fieldsToEmbed) {
    const v = fields[f];
    if (typeof v === 'string' && v.trim().length > 0) parts.push(v.trim());
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
  }
  return parts.join(' ');
}

const typeOk = (type: FilterableFieldType, v: unknown): boolean =>
  type === 'bool' ? typeof v === 'boolean' : type === 'int' ? Number.isInteger(v) : type === 'float' ? typeof v === 'number' && Number.isFinite(v) : typeof v === 'string';

/**
 * Validates an upsert body: a JSON array of `{id, …fields}`. Every item needs a string id
 * (unique in the request), text in at least one of the collection's `fields_to_embed`, and
 * values of the declared type in its filterable fields.
 */
export function parseItems(body: unknown, collection: SearchCollection, limits: SearchLimits): SearchItem[] {
  if (!Array.isArray(body)) throw new SearchValidationError([{ field: 'body', message: 'must be a JSON array of items {"id": "...", <fields>} (or JSONL with Content-Type: application/x-ndjson)' }]);
  if (body.length === 0) throw new SearchValidationError([{ field: 'body', message: 'must hold at least one item' }]);
  if (body.length > limits.maxItemsPerRequest) throw new SearchPayloadTooLargeError('items in one request', limits.maxItemsPerRequest, body.length);
  const issues = new Issues();
  const seen = new Map<string, number>();
  const items: SearchItem[] = [];
  body.forEach((raw, i) => {
    const at = `items[${i}]`;
    if (!isRecord(raw)) return issues.add(at, 'must be an object {"id": "...", <fields>}');
    const { id, ...fields } = raw;
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) issues.add(`${at}.id`, `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
    else if (seen.has(id)) issues.add(`${at}.id`, `repeats the id of items[${seen.get(id)}]; send each id once`);
    else seen.set(id, i);
    if (itemText(fields, collection.fields_to_embed).length === 0) {
      issues.add(`${at}.${collection.fields_to_embed[0]}`, `needs text in at least one of the fields to embed (${collection.fields_to_embed.join(', ')})`);
    }
    for (const [field, type] of Object.entries(collection.filterable_fields)) {
      if (fields[field] !== undefined && fields[field] !== null && !typeOk(type, fields[field])) issues.add(`${at}.${field}`, `must be a ${type} (a filterable field of the collection)`);
    }
    if (typeof id === 'string') items.push({ id, fields });
  });
  issues.throwIfAny();
  return items;
}

/** Parses JSONL (one item per line; blank lines skipped) into the array `parseItems` takes. */
export function parseJsonl(text: string): unknown[] {
  const out: unknown[] = [];
  const issues = new Issues();
  text.split('\n').forEach((line, i) => {
    if (line.trim().length === 0) return;
    try {
      out.push(JSON.parse(line));
    } catch {
      issues.add(`line ${i + 1}`, 'is not valid JSON; send one JSON object per line');
    }
  });
  issues.throwIfAny();
  return out;
}

export type SearchInput =
  | { kind: 'new'; collection: string; query: string; k: number; offset: number; filter: Filter | undefined; user_id: string | null }
  | { kind: 'more'; search_id: string; k: number | undefined; offset: number | undefined };

export function parseSearch(body: unknown, limits: SearchLimits): SearchInput {
  const b = object(body, '{collection, query, k?, filter?, user_id?, offset?} or {search_id, offset, k?}');
  const issues = new Issues();
  const int = (field: string, min: number, max: number): number | undefined => {
    const v = b[field];
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) {
      issues.add(field, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return v as number;
  };
  const k = int('k', 1, limits.maxK);
  const offset = int('offset', 0, limits.maxOffset);
  if (b['search_id'] !== undefined) {
    if (typeof b['search_id'] !== 'string' || b['search_id'].length === 0) issues.add('search_id', 'must be the search_id of an earlier answer');
    issues.throwIfAny();
    return { kind: 'more', search_id: b['search_id'] as string, k, offset };
  }
  const nameProblem = collectionNameProblem(b['collection']);
  if (nameProblem) issues.add('collection', nameProblem);
  const q = b['query'];
  if (typeof q !== 'string' || q.trim().length === 0) issues.add('query', 'must be a non-empty string');
  else if (q.length > limits.maxQueryLength) issues.add('query', `must be at most ${limits.maxQueryLength} characters`);
  if (b['filter'] !== undefined && !isRecord(b['filter'])) issues.add('filter', 'must be a filter object, e.g. {"field": "lang", "eq": "en"}');
  const u = b['user_id'];
  if (u !== undefined && u !== null && (typeof u !== 'string' || u.length > 256)) issues.add('user_id', 'must be a string of at most 256 characters');
  issues.throwIfAny();
  return {
    kind: 'new',
    collection: b['collection'] as string,
    query: q as string,
    k: k ?? 10,
    offset: offset ?? 0,
    filter: b['filter'] as Filter | undefined,
    user_id: (u as string | null | undefined) ?? null,
  };
}

/** Checks a filter against the collection's declared fields; a problem becomes a SearchValidationError. */
export function checkFilter(spec: CollectionSpec, filter: Filter): void {
  try {
    assertValidFilter(spec, filter);
  } catch (error) {
    const d = (error as { details?: { field?: unknown; problem?: unknown } }).details;
    if (typeof d?.field === 'string') throw new SearchValidationError([{ field: d.field, message: `${String(d.problem)} (filterable fields are declared with the collection)` }]);
    throw error;
  }
}

/** `{collection, <versionField>?}`: the body of deploys and rollbacks. */
function collectionAndVersion(body: unknown, versionField: string): { collection: string; version: number | undefined } {
  const b = object(body, `{collection, ${versionField}?}`);
  const issues = new Issues();
  const nameProblem = collectionNameProblem(b['collection']);
  if (nameProblem) issues.add('collection', nameProblem);
  const v = b[versionField];
  if (v !== undefined && (!Number.isInteger(v) || (v as number) < 1)) issues.add(versionField, 'must be a profile version (an integer >= 1)');
  issues.throwIfAny();
  return { collection: b['collection'] as string, version: v as number | undefined };
}

export function parseDeploy(body: unknown): { collection: string; expected_version: number | undefined } {
  const { collection, version } = collectionAndVersion(body, 'expected_version');
  return { collection, expected_version: version };
}

export function parseRollback(body: unknown): { collection: string; to_version: number | undefined } {
  const { collection, version } = collectionAndVersion(body, 'to_version');
  return { collection, to_version: version };
}

export function parseCollectionQuery(query: Record<string, unknown>): string {
  const problem = collectionNameProblem(query['collection']);
  if (problem) throw new SearchValidationError([{ field: 'collection', message: `${problem} (pass ?collection=<name>)` }]);
  return query['collection'] as string;
}
