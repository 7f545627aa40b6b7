import { LinearAdapter, encodeModelArtifact, saveModelArtifact } from '@embedding-studio/model-runtime/tfjs';

/**
 * A query-side linear adapter bundle (as the default fine-tuning method stores it) with the given
 * kernel (`dimension × dimension`, row-major) and bias; the identity when omitted.
 */
export function aLinearAdapterBundle(dimension: number, weights: { kernel?: Float32Array; bias?: Float32Array } = {}): Uint8Array {
  const kernel = weights.kernel ?? Float32Array.from({ length: dimension * dimension }, (_, i) => (Math.floor(i / dimension) === i % dimension ? 1 : 0));
  const bias = weights.bias ?? new Float32Array(dimension);
  const adapter = new LinearAdapter({ inputDimension: dimension, side: 'query' }, [
    { name: 'kernel', shape: [dimension, dimension], values: kernel },
    { name: 'bias', shape: [dimension], values: bias },
  ]);
  try {
    return encodeModelArtifact(saveModelArtifact(adapter));
  } finally {
    adapter.dispose();
  }
}
