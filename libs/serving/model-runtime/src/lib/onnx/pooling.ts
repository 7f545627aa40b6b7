// Turning token vectors into text vectors: mean pooling over the attention mask (as
// sentence-transformers' Pooling module does), first-token pooling, and L2 normalisation.
import type { PoolingMode } from '../models-cache/registry.js';

/** Token vectors of a padded batch, row-major `[batchSize, sequenceLength, dimension]`. */
export interface TokenStates {
  data: Float32Array;
  batchSize: number;
  sequenceLength: number;
  dimension: number;
  /** `[batchSize, sequenceLength]`, 1 for real tokens and 0 for padding. */
  attentionMask: ArrayLike<bigint | number>;
}

/**
 * One vector per text: the mean of its unmasked token vectors (`mean`, a text with no unmasked
 * token gives zeros) or its first token's vector (`cls`). Sums are accumulated in float64.
 */
export function poolTokenStates(states: TokenStates, mode: PoolingMode): Float32Array {
  const { data, batchSize: B, sequenceLength: S, dimension: D, attentionMask } = states;
  if (data.length !== B * S * D) throw new RangeError(`token states hold ${data.length} values, ${B}×${S}×${D} expected`);
  const out = new Float32Array(B * D);
  const acc = new Float64Array(D);
  for (let b = 0; b < B; b += 1) {
    if (mode === 'cls') {
      out.set(data.subarray(b * S * D, b * S * D + D), b * D);
      continue;
    }
    acc.fill(0);
    let count = 0;
    for (let s = 0; s < S; s += 1) {
      if (Number(attentionMask[b * S + s]) === 0) continue;
      count += 1;
      const base = (b * S + s) * D;
      for (let d = 0; d < D; d += 1) acc[d] = (acc[d] as number) + (data[base + d] as number);
    }
    // sentence-transformers clamps the token count at 1e-9, so an all-masked row stays zero.
    const denom = Math.max(count, 1e-9);
    for (let d = 0; d < D; d += 1) out[b * D + d] = (acc[d] as number) / denom;
  }
  return out;
}

/** Scales each row of a `[rows, dimension]` matrix to unit L2 norm, in place; zero rows stay zero. */
export function l2NormalizeRows(data: Float32Array, dimension: number): Float32Array {
  for (let start = 0; start < data.length; start += dimension) {
    let sum = 0;
    for (let d = 0; d < dimension; d += 1) sum += (data[start + d] as number) ** 2;
    const norm = Math.max(Math.sqrt(sum), 1e-12);
    for (let d = 0; d < dimension; d += 1) data[start + d] = (data[start + d] as number) / norm;
  }
  return data;
}
