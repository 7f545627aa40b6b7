import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { IndexingSourceEmptyError, IndexingSourceReadError, IndexingSourceRefusedError } from '../errors.js';
import type { PlannedUnit } from './model.js';
import type { JsonlSource } from './ports.js';

export interface LocalJsonlSourceOptions {
  /** Only files inside this folder may be imported (symbolic links are resolved before the check). */
  root: string;
  /** A `.jsonl` file or a folder (its `*.jsonl` and `*.ndjson` files, not recursive), relative to `root` or absolute inside it. */
  path: string;
  /** Field named in errors. @defaultValue 'source.jsonl_path' */
  field?: string;
}

const JSONL = /\.(jsonl|ndjson)$/i;

/**
 * A source of local JSONL files confined to an import root. Resolving it checks the path: outside
 * the root (also through `..` or a link), missing, or holding no JSONL file answers a 4xx error
 * naming the field. Unit keys are paths relative to the root.
 */
export async function openLocalJsonlSource(options: LocalJsonlSourceOptions): Promise<JsonlSource> {
  const field = options.field ?? 'source.jsonl_path';
  let root: string;
  try {
    root = await realpath(resolve(options.root));
  } catch {
    throw new IndexingSourceRefusedError(field, 'local imports are not available: the import root does not exist on this server');
  }
  let target: string;
  try {
    target = await realpath(isAbsolute(options.path) ? options.path : join(root, options.path));
  } catch {
    throw new IndexingSourceRefusedError(field, `${JSON.stringify(options.path)} does not exist under the import root; give a path relative to it`);
  }
  const rel = relative(root, target);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new IndexingSourceRefusedError(field, `${JSON.stringify(options.path)} is outside the import root; only files under it can be imported`);
  }
  const info = await stat(target);
  let keys: string[];
  if (info.isDirectory()) {
    const entries = await readdir(target, { withFileTypes: true });
    keys = entries.filter((e) => e.isFile() && JSONL.test(e.name)).map((e) => join(rel, e.name));
  } else if (info.isFile()) keys = [rel];
  else throw new IndexingSourceRefusedError(field, `${JSON.stringify(options.path)} is neither a file nor a folder`);
  keys.sort();
  if (keys.length === 0) throw new IndexingSourceEmptyError(field, options.path);
  const inside = (key: string): string => {
    const full = resolve(root, key);
    const r = relative(root, full);
    if (r.startsWith('..') || isAbsolute(r)) throw new IndexingSourceRefusedError(field, `${JSON.stringify(key)} is outside the import root`);
    return full;
  };
  return {
    name: options.path,
    async list() {
      const units: PlannedUnit[] = [];
      for (const key of keys) units.push({ key, size: (await stat(inside(key))).size });
      return units;
    },
    async *open(key, offset, signal) {
      const stream = createReadStream(inside(key), { start: offset, highWaterMark: 256 * 1024, signal });
      try {
        for await (const chunk of stream) yield chunk as Uint8Array;
      } catch (error) {
        if (signal.aborted) throw error;
        throw new IndexingSourceReadError(key, error);
      }
    },
  };
}
