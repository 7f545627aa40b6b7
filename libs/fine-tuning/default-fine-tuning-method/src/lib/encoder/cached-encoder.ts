import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createOnnxTextEncoder, listModelNames, resolveModelsCacheDir, type EmbeddingModel } from '@embedding-studio/model-runtime';
import { DefaultMethodModelFilesMissingError } from '../../errors.js';
import { DEFAULT_METHOD_MODEL } from '../settings/settings.js';

/** Files the ONNX encoder cannot start without. */
const REQUIRED_FILES = ['model.onnx', 'tokenizer.json'] as const;

export interface OpenCachedEncoderOptions {
  /** Model name: a registry name (hashes pinned) or a folder of the cache with its own manifest.json. */
  model: string;
  /** Cache root; `null` resolves it as model-runtime does. */
  modelsCacheDir: string | null;
  /** @defaultValue `process.env` (only read when `modelsCacheDir` is null) */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Where the model's files are expected: `<cache root>/<model>`. */
export function cachedModelDir(options: OpenCachedEncoderOptions): string {
  const root = options.modelsCacheDir ?? resolveModelsCacheDir({ env: options.env ?? process.env, homeDir: homedir() });
  return join(root, options.model);
}

/**
 * Opens the ONNX text encoder of a cached model. Never downloads: when the files are absent it
 * throws {@link DefaultMethodModelFilesMissingError} with the command that fetches them.
 */
export async function openCachedEncoder(options: OpenCachedEncoderOptions): Promise<EmbeddingModel> {
  const dir = cachedModelDir(options);
  const missing: string[] = [];
  for (const file of REQUIRED_FILES) {
    const s = await stat(join(dir, file)).catch(() => undefined);
    if (!s?.isFile()) missing.push(file);
  }
  if (missing.length > 0) {
    const command = options.model === DEFAULT_METHOD_MODEL ? 'npm run models:fetch' : `node tools/models/fetch-model.mjs ${options.model}`;
    const hint = options.modelsCacheDir === null ? null : `with ES_MODELS_CACHE=${options.modelsCacheDir} so the files land in this cache`;
    throw new DefaultMethodModelFilesMissingError(options.model, dir, missing, command, hint);
  }
  const known = listModelNames().includes(options.model);
  return createOnnxTextEncoder({ modelDir: dir, ...(known ? { model: options.model } : {}) });
}
