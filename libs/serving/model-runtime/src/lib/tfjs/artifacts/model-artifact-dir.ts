import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelRuntimeArtifactNotFoundError, ModelRuntimeInvalidArtifactError } from '../errors.js';
import type { ModelArtifact, ModelArtifactManifest } from './model-artifact.js';

/** File names inside an artifact directory. */
export const MODEL_ARTIFACT_FILES = { manifest: 'model.json', weights: 'weights.bin' } as const;

export interface ModelArtifactPaths {
  manifestPath: string;
  weightsPath: string;
}

/**
 * Writes `model.json` (pretty-printed manifest) and `weights.bin` into `dir`, creating it.
 * Each file is written to a temporary name and renamed, weights first, so a reader never sees
 * a manifest without its weights.
 */
export async function writeModelArtifactDir(dir: string, artifact: ModelArtifact): Promise<ModelArtifactPaths> {
  await mkdir(dir, { recursive: true });
  const weightsPath = join(dir, MODEL_ARTIFACT_FILES.weights);
  const manifestPath = join(dir, MODEL_ARTIFACT_FILES.manifest);
  const suffix = `.tmp-${process.pid}-${Date.now().toString(36)}`;
  await writeFile(weightsPath + suffix, artifact.weights);
  await rename(weightsPath + suffix, weightsPath);
  await writeFile(manifestPath + suffix, `${JSON.stringify(artifact.manifest, null, 2)}\n`, 'utf8');
  await rename(manifestPath + suffix, manifestPath);
  return { manifestPath, weightsPath };
}

/**
 * Reads `model.json` and `weights.bin` from `dir`. Only parses; pass the result to
 * `loadModelArtifact(manifest, weights)`, which verifies hashes and rebuilds the model.
 *
 * @throws ModelRuntimeArtifactNotFoundError when a file is missing.
 * @throws ModelRuntimeInvalidArtifactError when `model.json` is not JSON.
 */
export async function readModelArtifactDir(dir: string): Promise<ModelArtifact> {
  const manifestPath = join(dir, MODEL_ARTIFACT_FILES.manifest);
  const weightsPath = join(dir, MODEL_ARTIFACT_FILES.weights);
  const text = await readFile(manifestPath, 'utf8').catch((cause: unknown) => {
    throw new ModelRuntimeArtifactNotFoundError(manifestPath, { cause });
  });
  const buffer = await readFile(weightsPath).catch((cause: unknown) => {
    throw new ModelRuntimeArtifactNotFoundError(weightsPath, { cause });
  });
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (cause) {
    throw new ModelRuntimeInvalidArtifactError([{ field: MODEL_ARTIFACT_FILES.manifest, message: `is not valid JSON (${(cause as Error).message})` }], { cause });
  }
  const weights = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { manifest: manifest as ModelArtifactManifest, weights };
}
