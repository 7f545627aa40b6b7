// Model directories on disk: where the cache lives, hashing files, verifying a directory against
// its manifest.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ModelRuntimeModelFileHashMismatchError,
  ModelRuntimeModelFilesMissingError,
  ModelRuntimeOnnxInvalidOptionError,
} from '../onnx/errors.js';
import type { ModelManifest } from './registry.js';

/** Where the model cache lives unless told otherwise (relative to the home directory). */
export const DEFAULT_MODELS_CACHE_SUBDIR = '.cache/embedding-studio/models';

/** File name of the manifest that `ensureModelFiles` writes into a model directory. */
export const MODEL_MANIFEST_FILE = 'manifest.json';

/** Inputs of {@link resolveModelsCacheDir}; pass `process.env` and `os.homedir()` from the app. */
export interface ResolveModelsCacheDirOptions {
  /** Environment; `ES_MODELS_CACHE` wins when set and non-empty. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Home directory for the default `~/.cache/embedding-studio/models`. */
  homeDir: string;
}

/** The models cache root: `ES_MODELS_CACHE`, else `<home>/.cache/embedding-studio/models`. */
export function resolveModelsCacheDir(options: ResolveModelsCacheDirOptions): string {
  const fromEnv = options.env?.['ES_MODELS_CACHE'];
  return fromEnv && fromEnv.trim() ? fromEnv : join(options.homeDir, DEFAULT_MODELS_CACHE_SUBDIR);
}

/** Lowercase hex sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The hint every "files missing" error carries. */
export function fetchHint(name: string | undefined): string {
  const n = name ?? '<model-name>';
  return `Fetch the model first: run \`node tools/models/fetch-model.mjs ${n}\` from the repository root, or call ensureModelFiles({ name: '${n}', cacheDir }) from code.`;
}

/** Result of {@link verifyModelDir}: the sha256 of every file of the manifest. */
export interface VerifiedModelDir {
  dir: string;
  sha256: Record<string, string>;
}

/**
 * Checks that a model directory holds every file of the manifest with the pinned sha256.
 * @throws ModelRuntimeModelFilesMissingError when a file is absent
 * @throws ModelRuntimeModelFileHashMismatchError when a file's content differs from the pin
 */
export async function verifyModelDir(
  dir: string,
  manifest: Pick<ModelManifest, 'files'> & { name?: string },
): Promise<VerifiedModelDir> {
  const names = Object.keys(manifest.files);
  const missing: string[] = [];
  for (const file of names) {
    const s = await stat(join(dir, file)).catch(() => undefined);
    if (!s?.isFile()) missing.push(file);
  }
  if (missing.length > 0) throw new ModelRuntimeModelFilesMissingError(dir, missing, fetchHint(manifest.name));
  const sha256: Record<string, string> = {};
  for (const file of names) {
    const expected = (manifest.files[file] as { sha256: string }).sha256;
    const actual = await sha256File(join(dir, file));
    if (actual !== expected) throw new ModelRuntimeModelFileHashMismatchError(join(dir, file), expected, actual);
    sha256[file] = actual;
  }
  return { dir, sha256 };
}

/**
 * Reads the `manifest.json` of a model directory, or undefined when there is none.
 * @throws ModelRuntimeOnnxInvalidOptionError when the file exists but is not a manifest
 */
export async function readModelManifest(dir: string): Promise<ModelManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MODEL_MANIFEST_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const m = parsed as Partial<ModelManifest> | undefined;
  if (
    !m ||
    typeof m.id !== 'string' ||
    typeof m.files !== 'object' ||
    m.files === null ||
    (m.pooling !== 'mean' && m.pooling !== 'cls') ||
    typeof m.maxLength !== 'number'
  ) {
    throw new ModelRuntimeOnnxInvalidOptionError(
      'modelDir',
      `${join(dir, MODEL_MANIFEST_FILE)} is not a model manifest (id, pooling, maxLength, files); delete it or fetch the model again`,
    );
  }
  return m as ModelManifest;
}
