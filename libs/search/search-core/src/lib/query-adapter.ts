// Serving a query-side linear adapter without tfjs: the bundle is decoded once per model id and
// applied to each query vector with plain Float32Array arithmetic (y = x·W + b).
import { createHash } from 'node:crypto';
import { decodeModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { SearchModelNotDeployableError } from '../errors.js';
import type { ProfileAdapter } from './model.js';
import type { QueryAdapter, QueryAdapterLoader } from './ports.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a `linear-adapter` bundle (from `encodeModelArtifact`) for query-side serving. Checks
 * the kind, the side, the tensor shapes and the weights' sha256.
 *
 * @throws SearchModelNotDeployableError when the bundle is not a query-side linear adapter.
 */
export function linearQueryAdapterFromBundle(modelId: string, bytes: Uint8Array): QueryAdapter {
  const fail = (reason: string): never => {
    throw new SearchModelNotDeployableError(modelId, reason);
  };
  let artifact: ReturnType<typeof decodeModelArtifact>;
  try {
    artifact = decodeModelArtifact(bytes);
  } catch (error) {
    return fail(`its artifact is not a model bundle (${error instanceof Error ? error.message : String(error)})`);
  }
  const { manifest, weights } = artifact;
  if (manifest.kind !== 'linear-adapter') return fail(`it is a ${String(manifest.kind)}, and only linear-adapter models deploy without a reindex`);
  const config = manifest.config;
  if (!isRecord(config) || config['side'] !== 'query') return fail('it is not a query-side adapter');
  const d = config['inputDimension'];
  const k = config['outputDimension'];
  if (!Number.isInteger(d) || !Number.isInteger(k)) return fail('its manifest has no input/output dimension');
  if (createHash('sha256').update(weights).digest('hex') !== manifest.weights.sha256) return fail('its weights do not match their sha256 (a corrupt artifact)');
  const tensor = (name: string, size: number): Float32Array => {
    const t = manifest.weights.tensors.find((x) => x.name === name);
    if (!t || t.byteLength !== size * 4) return fail(`its ${name} tensor is missing or has the wrong size`);
    return new Float32Array(weights.buffer, weights.byteOffset + t.byteOffset, size);
  };
  const inputDimension = d as number;
  const outputDimension = k as number;
  const kernel = tensor('kernel', inputDimension * outputDimension);
  const bias = tensor('bias', outputDimension);
  const normalize = config['normalize'] === true;
  return {
    modelId,
    inputDimension,
    outputDimension,
    apply(x) {
      const y = Float32Array.from(bias);
      for (let i = 0; i < inputDimension; i++) {
        const xi = x[i] ?? 0;
        if (xi === 0) continue;
        const row = i * outputDimension;
        for (let j = 0; j < outputDimension; j++) y[j] = (y[j] ?? 0) + xi * (kernel[row + j] ?? 0);
      }
      if (normalize) {
        let n = 0;
        for (const v of y) n += v * v;
        n = Math.sqrt(n);
        if (n > 0) for (let j = 0; j < outputDimension; j++) y[j] = (y[j] ?? 0) / n;
      }
      return y;
    },
  };
}

export interface ArtifactQueryAdapterLoaderOptions {
  /** Reads a model bundle by its artifact key (an ArtifactStore). */
  read(key: string): Promise<Uint8Array>;
  /** Adapters kept in memory, least recently used dropped first. @defaultValue 16 */
  maxCached?: number;
}

/** Loads adapters from the artifact store, caching the decoded weights per model id. */
export function createArtifactQueryAdapterLoader(options: ArtifactQueryAdapterLoaderOptions): QueryAdapterLoader {
  const max = options.maxCached ?? 16;
  const cache = new Map<string, Promise<QueryAdapter>>();
  return {
    load(adapter: ProfileAdapter) {
      const hit = cache.get(adapter.model_id);
      if (hit) {
        cache.delete(adapter.model_id);
        cache.set(adapter.model_id, hit);
        return hit;
      }
      const loading = options.read(adapter.artifact_key).then((bytes) => linearQueryAdapterFromBundle(adapter.model_id, bytes));
      loading.catch(() => cache.delete(adapter.model_id));
      cache.set(adapter.model_id, loading);
      while (cache.size > max) cache.delete(cache.keys().next().value as string);
      return loading;
    },
  };
}
