import { createHash } from 'node:crypto';
import type { ModelArtifactData } from '../lib/query-adapter.js';

/**
 * A query-side `linear-adapter` artifact in the layout the default fine-tuning method saves
 * (manifest + little-endian float32 `kernel` then `bias`), with the given kernel
 * (`dimension × dimension`, row-major) and bias; the identity when omitted.
 */
export function aLinearAdapterArtifact(dimension: number, weights: { kernel?: Float32Array; bias?: Float32Array } = {}): ModelArtifactData {
  const kernel = weights.kernel ?? Float32Array.from({ length: dimension * dimension }, (_, i) => (Math.floor(i / dimension) === i % dimension ? 1 : 0));
  const bias = weights.bias ?? new Float32Array(dimension);
  const bytes = new Uint8Array((kernel.length + bias.length) * 4);
  const view = new DataView(bytes.buffer);
  [...kernel, ...bias].forEach((v, i) => view.setFloat32(i * 4, v, true));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return {
    manifest: {
      format: 'embedding-studio/tfjs-model',
      formatVersion: 1,
      kind: 'linear-adapter',
      version: sha256,
      config: { inputDimension: dimension, outputDimension: dimension, side: 'query', normalize: false },
      weights: {
        dtype: 'float32',
        byteOrder: 'little-endian',
        byteLength: bytes.byteLength,
        sha256,
        tensors: [
          { name: 'kernel', shape: [dimension, dimension], dtype: 'float32', byteOffset: 0, byteLength: kernel.length * 4 },
          { name: 'bias', shape: [dimension], dtype: 'float32', byteOffset: kernel.length * 4, byteLength: bias.length * 4 },
        ],
      },
    },
    weights: bytes,
  };
}
