// Serving a query-side linear adapter without tfjs: the artifact is read once per model id and
// applied to each query vector with plain Float32Array arithmetic (y = x·W + b).
import { createHash } from 'node:crypto';
import { SearchModelNotDeployableError } from '../errors.js';
import type { ProfileAdapter } from './model.js';
import type { QueryAdapter, QueryAdapterLoader } from './ports.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A model artifact as `decodeModelArtifact` of `@embedding-studio/model-runtime/tfjs` returns it:
 * the JSON manifest and the little-endian float32 weights.
 */
export interface ModelArtifactData {
  manifest: unknown;
  weights: Uint8Array;
}

interface TensorEntry {
  name: string;
  byteOffset: number;
  byteLength: number;
}

/** `I + A·B` (d×d, row-major) of a low-rank residual adapter `y = x + x·A·B` (A: d×r, B: r×d). */
function residualKernel(a: Float32Array, b: Float32Array, d: number, r: number): Float32Array {
  const w = new Float32Array(d * d);
  for (let i = 0; i < d; i++) {
    w[i * d + i] = 1;
    for (let t = 0; t < r; t++) {
      const ait = a[i * r + t] ?? 0;
      if (ait === 0) continue;
      for (let j = 0; j < d; j++) w[i * d + j] = (w[i * d + j] ?? 0) + ait * (b[t * d + j] ?? 0);
    }
  }
  return w;
}

/**
 * Reads a `linear-adapter` or `low-rank-residual-adapter` artifact (as the default fine-tuning
 * method saves it) for query-side serving; a low-rank adapter `y = x + x·A·B` is folded into the
 * same `y = x·W + b` with `W = I + A·B`, `b = 0`. Checks the kind, the side, the tensor sizes and
 * the weights' sha256.
 *
 * @throws SearchModelNotDeployableError when it is not a query-side linear or low-rank residual adapter.
 */
export function linearQueryAdapterFromArtifact(modelId: string, artifact: ModelArtifactData): QueryAdapter {
  const fail = (reason: string): never => {
    throw new SearchModelNotDeployableError(modelId, reason);
  };
  const { weights } = artifact;
  if (!isRecord(artifact.manifest)) return fail('its manifest is not a JSON object');
  const manifest = artifact.manifest;
  const described = isRecord(manifest['weights']) ? manifest['weights'] : {};
  const tensors = (Array.isArray(described['tensors']) ? described['tensors'] : []) as TensorEntry[];
  const kind = manifest['kind'];
  if (kind !== 'linear-adapter' && kind !== 'low-rank-residual-adapter') {
    return fail(`it is a ${String(kind)}, and only linear-adapter and low-rank-residual-adapter models deploy without a reindex`);
  }
  const config = manifest['config'];
  if (!isRecord(config) || config['side'] !== 'query') return fail('it is not a query-side adapter');
  const lowRank = kind === 'low-rank-residual-adapter';
  const d = lowRank ? config['dimension'] : config['inputDimension'];
  const k = lowRank ? config['dimension'] : config['outputDimension'];
  const r = lowRank ? config['rank'] : 0;
  if (!Number.isInteger(d) || !Number.isInteger(k)) return fail('its manifest has no input/output dimension');
  if (!Number.isInteger(r) || (r as number) < 0) return fail('its manifest has no valid rank');
  if (createHash('sha256').update(weights).digest('hex') !== described['sha256']) return fail('its weights do not match their sha256 (a corrupt artifact)');
  const tensor = (name: string, size: number): Float32Array => {
    const t = tensors.find((x) => isRecord(x) && x.name === name);
    if (!t || t.byteLength !== size * 4) return fail(`its ${name} tensor is missing or has the wrong size`);
    if (t.byteOffset < 0 || t.byteOffset + t.byteLength > weights.byteLength) return fail(`its ${name} tensor lies outside the weights`);
    const view = new DataView(weights.buffer, weights.byteOffset + t.byteOffset, t.byteLength);
    return Float32Array.from({ length: size }, (_, i) => view.getFloat32(i * 4, true));
  };
  const inputDimension = d as number;
  const outputDimension = k as number;
  const kernel = lowRank ? residualKernel(tensor('a', inputDimension * (r as number)), tensor('b', (r as number) * inputDimension), inputDimension, r as number) : tensor('kernel', inputDimension * outputDimension);
  const bias = lowRank ? new Float32Array(outputDimension) : tensor('bias', outputDimension);
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
  /** Reads a model artifact by its key (an ArtifactStore read, then `decodeModelArtifact`). */
  read(key: string): Promise<ModelArtifactData>;
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
      const loading = options.read(adapter.artifact_key).then((artifact) => linearQueryAdapterFromArtifact(adapter.model_id, artifact));
      loading.catch(() => cache.delete(adapter.model_id));
      cache.set(adapter.model_id, loading);
      while (cache.size > max) cache.delete(cache.keys().next().value as string);
      return loading;
    },
  };
}
