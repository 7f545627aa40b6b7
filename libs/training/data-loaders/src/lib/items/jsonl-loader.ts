import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { JsonObject } from '@embedding-studio/primitives';
import { DataLoadersInvalidItemFileError, DataLoadersItemFileNotFoundError } from '../../errors.js';
import { checkStringList } from '../internal/check.js';
import { textFromFields, type FieldPath, type Item, type ItemLoader } from './item.js';

export interface JsonlItemLoaderOptions {
  /** Path of a JSON-lines file: one JSON object per line (e.g. a BEIR `corpus.jsonl`). */
  path: string;
  /**
   * Fields tried, in order, for the item id (numbers are stringified).
   * @defaultValue ['_id', 'id']
   */
  idFields?: readonly string[];
  /**
   * Field(s) joined into the item text; dotted paths reach nested objects.
   * @defaultValue ['title', 'text']
   */
  textFields?: FieldPath | readonly FieldPath[];
  /**
   * @defaultValue ' '
   */
  separator?: string;
  /**
   * Keep the whole record as `item.data`.
   * @defaultValue false
   */
  keepRecord?: boolean;
}

/**
 * An item loader over a local JSONL file. Each `load` streams the file once (line by line,
 * never reading it whole) and stops early once every requested id was found, so memory stays
 * proportional to the requested items. A malformed line raises `DATA_LOADERS_INVALID_ITEM_FILE`
 * with its line number; a missing file `DATA_LOADERS_ITEM_FILE_NOT_FOUND`. Blank lines are skipped.
 */
export function createJsonlItemLoader(options: JsonlItemLoaderOptions): ItemLoader<Item> {
  const idFields = checkStringList('idFields', options.idFields ?? ['_id', 'id']);
  const textFields = options.textFields ?? ['title', 'text'];
  checkStringList('textFields', typeof textFields === 'string' ? [textFields] : textFields);
  const separator = options.separator ?? ' ';
  const path = options.path;
  return {
    source: `jsonl:${path}`,
    async load(ids) {
      const wanted = new Set(ids);
      const out = new Map<string, Item>();
      if (wanted.size === 0) return out;
      const stream = createReadStream(path, { encoding: 'utf8' });
      const opened = new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (err) => reject(new DataLoadersItemFileNotFoundError(path, err)));
      });
      await opened;
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      let lineNo = 0;
      try {
        for await (const line of lines) {
          lineNo++;
          if (line.trim().length === 0) continue;
          const record = parseLine(path, lineNo, line);
          const id = idOf(record, idFields);
          if (id === undefined) throw new DataLoadersInvalidItemFileError(path, lineNo, `no id in fields ${idFields.join(', ')}`);
          if (!wanted.has(id) || out.has(id)) continue;
          const text = textFromFields(record, textFields, separator);
          out.set(id, options.keepRecord === true ? { id, text, data: record } : { id, text });
          if (out.size === wanted.size) break;
        }
      } finally {
        lines.close();
        stream.destroy();
      }
      return out;
    },
  };
}

function parseLine(path: string, lineNo: number, line: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    throw new DataLoadersInvalidItemFileError(path, lineNo, `invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DataLoadersInvalidItemFileError(path, lineNo, 'not a JSON object');
  return value as JsonObject;
}

function idOf(record: JsonObject, idFields: readonly string[]): string | undefined {
  for (const f of idFields) {
    const v = record[f];
    if (typeof v === 'string' && v.length > 0) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}
