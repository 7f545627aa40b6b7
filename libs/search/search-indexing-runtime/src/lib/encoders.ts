import { homedir } from 'node:os';
import { join } from 'node:path';
import { createOnnxTextEncoder, listModelNames, resolveModelsCacheDir, type EmbeddingModel, type PoolingMode } from '@embedding-studio/model-runtime';
import type { EncoderProvider } from '@embedding-studio/search-core';

/** An encoder served from a registry model's files with other pooling or normalisation. */
export interface EncoderVariant {
  model: string;
  pooling?: PoolingMode;
  normalize?: boolean;
}

/**
 * Variants of the registry models, usable as "a new encoder" for a blue/green reindex:
 * - `all-minilm-l6-v2-raw`: the same vectors without L2 normalisation (cosine rankings are
 *   unchanged, the stored vectors are not), so a reindex to it passes the gate;
 * - `all-minilm-l6-v2-cls`: CLS-token pooling instead of mean pooling (other rankings).
 */
export const DEFAULT_ENCODER_VARIANTS: Readonly<Record<string, EncoderVariant>> = {
  'all-minilm-l6-v2-raw': { model: 'all-minilm-l6-v2', normalize: false },
  'all-minilm-l6-v2-cls': { model: 'all-minilm-l6-v2', pooling: 'cls' },
};

export interface OnnxEncoderProviderOptions {
  /** Models cache root; unset uses `ES_MODELS_CACHE` semantics' default (`~/.cache/embedding-studio/models`). */
  modelsCache?: string | undefined;
  /** @defaultValue DEFAULT_ENCODER_VARIANTS */
  variants?: Readonly<Record<string, EncoderVariant>>;
}

/** ONNX encoders of the models cache and their variants, opened once each on first use. */
export function createOnnxEncoderProvider(options: OnnxEncoderProviderOptions = {}): EncoderProvider & { dispose(): Promise<void> } {
  const root = resolveModelsCacheDir({ env: { ES_MODELS_CACHE: options.modelsCache }, homeDir: homedir() });
  const variants = options.variants ?? DEFAULT_ENCODER_VARIANTS;
  const opened = new Map<string, Promise<EmbeddingModel>>();
  return {
    names: () => [...listModelNames(), ...Object.keys(variants)],
    open(name) {
      let e = opened.get(name);
      if (!e) {
        const v = variants[name];
        e = v
          ? createOnnxTextEncoder({ modelDir: join(root, v.model), model: v.model, id: name, ...(v.pooling ? { pooling: v.pooling } : {}), ...(v.normalize !== undefined ? { normalize: v.normalize } : {}) })
          : createOnnxTextEncoder({ modelDir: join(root, name), model: name });
        e.catch(() => opened.delete(name));
        opened.set(name, e);
      }
      return e;
    },
    async dispose() {
      const all = [...opened.values()];
      opened.clear();
      await Promise.all(all.map(async (e) => (await e.catch(() => null))?.dispose()));
    },
  };
}
