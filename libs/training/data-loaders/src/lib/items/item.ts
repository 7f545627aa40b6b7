import type { JsonObject } from '@embedding-studio/primitives';

/** An item ready for a text encoder. */
export interface Item {
  id: string;
  /** The text to embed (e.g. title and body joined). */
  text: string;
  /** The source record or result metadata, when the loader was asked to keep it. */
  data?: JsonObject;
}

/**
 * The port that fetches items by id. `load` returns what it found; ids it cannot find are
 * simply absent from the map (see {@link loadItems} for batching, reporting and strict mode).
 * Implementations: in-memory, local JSONL, session result metadata; adapters (S3, SQL…) live
 * in other libs and only need this shape.
 */
export interface ItemLoader<TItem = Item> {
  /** Human-readable source name for messages, e.g. `jsonl:corpus.jsonl`. */
  readonly source: string;
  load(ids: readonly string[]): Promise<Map<string, TItem>>;
}

/** A field of a record: a name, or a dotted path into nested objects (`payload.title`). */
export type FieldPath = string;

/**
 * Reads `fields` of `record` and joins the non-empty ones with `separator`. Strings are
 * trimmed, numbers and booleans stringified, arrays of those joined; objects and missing fields
 * are skipped. Returns '' when nothing usable was found.
 */
export function textFromFields(record: unknown, fields: FieldPath | readonly FieldPath[], separator = ' '): string {
  const list = typeof fields === 'string' ? [fields] : fields;
  const parts: string[] = [];
  for (const f of list) {
    const t = toText(readPath(record, f));
    if (t.length > 0) parts.push(t);
  }
  return parts.join(separator);
}

function readPath(record: unknown, path: FieldPath): unknown {
  if (record !== null && typeof record === 'object' && path in record) return (record as Record<string, unknown>)[path];
  let cur: unknown = record;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return Number.isNaN(v) ? '' : String(v);
  if (Array.isArray(v)) return v.map(toText).filter((s) => s.length > 0).join(' ');
  return '';
}
