import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Sidecar JSON of a cached matrix. */
export interface CachedMatrixMeta {
  readonly model_id: string;
  readonly model_sha: string;
  readonly corpus_sha: string;
  readonly ids: readonly string[];
  readonly dimension: number;
  /** sha256 of the texts that were embedded (ids can stay while texts change). */
  readonly texts_sha: string;
}

/** The cache folder of one (model, corpus) pair: `<root>/<model sha 16>-<corpus sha 16>`. */
export function cacheFolder(root: string, modelSha: string, corpusSha: string): string {
  return join(root, `${modelSha.slice(0, 16)}-${corpusSha.slice(0, 16)}`);
}

/**
 * Reads `<name>.f32` (raw little-endian float32, row-major) and `<name>.json`. Returns
 * undefined when missing or when the ids, texts hash or dimension differ from `expect`.
 */
export function readCachedMatrix(
  folder: string,
  name: string,
  expect: { ids: readonly string[]; textsSha: string },
): { data: Float32Array; meta: CachedMatrixMeta } | undefined {
  const binPath = join(folder, `${name}.f32`);
  const metaPath = join(folder, `${name}.json`);
  if (!existsSync(binPath) || !existsSync(metaPath)) return undefined;
  let meta: CachedMatrixMeta;
  try {
    meta = JSON.parse(readFileSync(metaPath, 'utf8')) as CachedMatrixMeta;
  } catch {
    return undefined;
  }
  if (meta.texts_sha !== expect.textsSha || meta.ids.length !== expect.ids.length) return undefined;
  for (let i = 0; i < meta.ids.length; i++) if (meta.ids[i] !== expect.ids[i]) return undefined;
  const bytes = readFileSync(binPath);
  if (bytes.byteLength !== meta.ids.length * meta.dimension * 4) return undefined;
  const data = new Float32Array(meta.ids.length * meta.dimension);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  return { data, meta };
}

/** Writes a matrix and its sidecar atomically (temp file, then rename). */
export function writeCachedMatrix(folder: string, name: string, data: Float32Array, meta: CachedMatrixMeta): void {
  mkdirSync(folder, { recursive: true });
  const buf = Buffer.alloc(data.length * 4);
  for (let i = 0; i < data.length; i++) buf.writeFloatLE(data[i] as number, i * 4);
  const binPath = join(folder, `${name}.f32`);
  const metaPath = join(folder, `${name}.json`);
  writeFileSync(`${binPath}.tmp`, buf);
  renameSync(`${binPath}.tmp`, binPath);
  writeFileSync(`${metaPath}.tmp`, JSON.stringify(meta));
  renameSync(`${metaPath}.tmp`, metaPath);
}
