import { createHash } from 'node:crypto';
import type { ModelArtifactData } from '../lib/query-adapter.js';

type Tensor = { name: string; shape: number[]; values: Float32Array };

/** An artifact in the model-runtime tfjs layout: a manifest and the tensors' little-endian float32 bytes, in order. */
function artifact(kind: string, config: Record<string, unknown>, tensors: readonly Tensor[]): ModelArtifactData {
  const total = tensors.reduce((n, t) => n + t.values.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  const entries = tensors.map((t) => {
    t.values.forEach((v, i) => view.setFloat32(offset + i * 4, v, true));
    const entry = { name: t.name, shape: t.shape, dtype: 'float32', byteOffset: offset, byteLength: t.values.length * 4 };
    offset += t.values.length * 4;
    return entry;
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    manifest: {
      format: 'embedding-studio/tfjs-model',
      formatVersion: 1,
      kind,
      version: sha256,
      config,
      weights: { dtype: 'float32', byteOrder: 'little-endian', byteLength: bytes.byteLength, sha256, tensors: entries },
    },
    weights: bytes,
  };
}

/**
 * A query-side `linear-adapter` artifact in the layout the default fine-tuning method saves
 * (manifest + little-endian float32 `kernel` then `bias`), with the given kernel
 * (`dimension × dimension`, row-major) and bias; the identity when omitted.
 */
export function aLinearAdapterArtifact(dimension: number, weights: { kernel?: Float32Array; bias?: Float32Array } = {}): ModelArtifactData {
  const kernel = weights.kernel ?? Float32Array.from({ length: dimension * dimension }, (_, i) => (Math.floor(i / dimension) === i % dimension ? 1 : 0));
  const bias = weights.bias ?? new Float32Array(dimension);
  return artifact('linear-adapter', { inputDimension: dimension, outputDimension: dimension, side: 'query', normalize: false }, [
    { name: 'kernel', shape: [dimension, dimension], values: kernel },
    { name: 'bias', shape: [dimension], values: bias },
  ]);
}

/**
 * A query-side `low-rank-residual-adapter` artifact (`y = x + x·A·B`) in model-runtime's layout:
 * `a` (`dimension × rank`, row-major) then `b` (`rank × dimension`).
 */
export function aLowRankAdapterArtifact(dimension: number, rank: number, a: Float32Array, b: Float32Array): ModelArtifactData {
  return artifact('low-rank-residual-adapter', { dimension, rank, side: 'query', normalize: false, seed: 0, initStd: 1 / Math.sqrt(dimension) }, [
    { name: 'a', shape: [dimension, rank], values: a },
    { name: 'b', shape: [rank, dimension], values: b },
  ]);
}
