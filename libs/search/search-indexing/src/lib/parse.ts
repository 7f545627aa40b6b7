import type { FieldIssue } from '@embedding-studio/errors';
import { IndexingValidationError } from '../errors.js';
import type { ImportSpec } from './model.js';
import type { ImportedItem } from './ports.js';

export const DEFAULT_BATCH_SIZE = 64;
export const MAX_BATCH_SIZE = 1024;
export const MAX_ITEM_ID_LENGTH = 256;
const MAX_PATH_LENGTH = 1024;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function optionalInt(body: Record<string, unknown>, field: string, min: number, max: number, fallback: number, issues: FieldIssue[]): number {
  const v = body[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    issues.push({ field, message: `must be an integer from ${min} to ${max}` });
    return fallback;
  }
  return v;
}

function pathLike(v: unknown, field: string, issues: FieldIssue[]): string | undefined {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_PATH_LENGTH || v.includes('\0')) {
    issues.push({ field, message: `must be a non-empty string of at most ${MAX_PATH_LENGTH} characters` });
    return undefined;
  }
  return v;
}

/**
 * Validates the body of `POST /collections/{name}/imports`:
 * `{source: {jsonl_path} | {s3_prefix, bucket?}, id_field?, batch_size?}`. Throws
 * `SEARCH_INDEXING_VALIDATION` listing every bad field. Whether the path may be read is the
 * source resolver's decision.
 */
export function parseImportRequest(body: unknown): ImportSpec {
  const issues: FieldIssue[] = [];
  if (!isObject(body)) throw new IndexingValidationError([{ field: '(body)', message: 'must be a JSON object like {"source": {"jsonl_path": "items.jsonl"}}' }]);
  const known = new Set(['source', 'id_field', 'batch_size']);
  for (const k of Object.keys(body)) if (!known.has(k)) issues.push({ field: k, message: 'is not a field of an import; allowed: source, id_field, batch_size' });
  let source: ImportSpec['source'] | undefined;
  const s = body['source'];
  if (!isObject(s)) {
    issues.push({ field: 'source', message: 'is required: {"jsonl_path": "<file or folder>"} or {"s3_prefix": "<prefix>", "bucket"?: "<bucket>"}' });
  } else if ('jsonl_path' in s === 's3_prefix' in s) {
    issues.push({ field: 'source', message: 'must have exactly one of jsonl_path and s3_prefix' });
  } else if ('jsonl_path' in s) {
    for (const k of Object.keys(s)) if (k !== 'jsonl_path') issues.push({ field: `source.${k}`, message: 'is not allowed with jsonl_path' });
    const path = pathLike(s['jsonl_path'], 'source.jsonl_path', issues);
    if (path !== undefined) source = { kind: 'jsonl', path };
  } else {
    for (const k of Object.keys(s)) if (k !== 's3_prefix' && k !== 'bucket') issues.push({ field: `source.${k}`, message: 'is not allowed with s3_prefix (use bucket)' });
    const prefix = pathLike(s['s3_prefix'], 'source.s3_prefix', issues);
    const bucket = s['bucket'];
    if (bucket !== undefined && (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))) {
      issues.push({ field: 'source.bucket', message: 'must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)' });
    } else if (prefix !== undefined) {
      source = { kind: 's3', prefix, ...(typeof bucket === 'string' ? { bucket } : {}) };
    }
  }
  let idField = 'id';
  const f = body['id_field'];
  if (f !== undefined) {
    if (typeof f !== 'string' || f === '' || f.length > 64) issues.push({ field: 'id_field', message: 'must be a field name of 1 to 64 characters' });
    else idField = f;
  }
  const batchSize = optionalInt(body, 'batch_size', 1, MAX_BATCH_SIZE, DEFAULT_BATCH_SIZE, issues);
  if (issues.length > 0 || !source) throw new IndexingValidationError(issues);
  return { source, id_field: idField, batch_size: batchSize };
}

export type ParsedLine = { ok: true; item: ImportedItem } | { ok: false; field: string; message: string };

/**
 * Parses one JSONL line into an item: a JSON object whose `idField` is a non-empty string (or an
 * integer, taken as its decimal string) of at most 256 characters; every other field is kept.
 */
export function parseItemLine(text: string, idField: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, field: '(line)', message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(value)) return { ok: false, field: '(line)', message: 'must be a JSON object' };
  const raw = value[idField];
  let id: string | undefined;
  if (typeof raw === 'string' && raw.trim() !== '' && raw.length <= MAX_ITEM_ID_LENGTH) id = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw)) id = String(raw);
  if (id === undefined) {
    return {
      ok: false,
      field: idField,
      message: raw === undefined ? 'is missing: every item needs an id' : `must be a non-empty string of at most ${MAX_ITEM_ID_LENGTH} characters, or an integer`,
    };
  }
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== idField) fields[k] = v;
  return { ok: true, item: { id, fields } };
}
