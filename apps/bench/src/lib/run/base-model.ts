import { existsSync } from 'node:fs';
import { createOnnxTextEncoder } from '@embedding-studio/model-runtime';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { BenchModelUnavailableError } from '../../errors.js';

/** The model the protocol benchmarks, as fetched by `node tools/models/fetch-model.mjs all-minilm-l6-v2`. */
export const DEFAULT_MODEL_NAME = 'all-minilm-l6-v2';

/**
 * Opens the ONNX base encoder from `modelDir`. Fails with `BENCH_MODEL_UNAVAILABLE` (and the
 * command that fixes it) when the folder is missing or the runtime cannot load it.
 */
export async function openBaseModel(modelDir: string): Promise<EmbeddingModel> {
  const fix = `Fetch it with \`node tools/models/fetch-model.mjs ${DEFAULT_MODEL_NAME}\` or pass --model-dir DIR; use --smoke to run without a model.`;
  if (!existsSync(modelDir)) {
    throw new BenchModelUnavailableError(`Model folder ${modelDir} does not exist. ${fix}`, { details: { modelDir } });
  }
  try {
    return await createOnnxTextEncoder({ modelDir });
  } catch (cause) {
    throw new BenchModelUnavailableError(`Could not load the ONNX model in ${modelDir}: ${(cause as Error).message}. ${fix}`, {
      cause,
      details: { modelDir },
    });
  }
}
