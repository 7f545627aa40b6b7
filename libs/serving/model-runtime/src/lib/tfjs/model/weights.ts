import { canonicalJson, sha256Hex, type JsonValue } from '@embedding-studio/primitives';

/** One named float32 weight tensor, row-major. */
export interface NamedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Concatenates the weights as little-endian float32 bytes, in the given order. */
export function packWeights(weights: readonly NamedWeight[]): Uint8Array {
  const total = weights.reduce((n, w) => n + w.values.length, 0);
  const out = new Uint8Array(total * 4);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const w of weights) {
    if (LITTLE_ENDIAN) {
      out.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
    } else {
      for (let i = 0; i < w.values.length; i++) view.setFloat32(offset + i * 4, w.values[i] as number, true);
    }
    offset += w.values.byteLength;
  }
  return out;
}

/** Reads `count` little-endian float32 values starting at `byteOffset` (always a fresh copy). */
export function readFloat32(bytes: Uint8Array, byteOffset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN) {
    new Uint8Array(out.buffer).set(bytes.subarray(byteOffset, byteOffset + count * 4));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(byteOffset + i * 4, true);
  }
  return out;
}

/**
 * The content version of a model: sha256 over its kind, canonical config and the sha256 of its
 * packed weights. Equal versions mean equal outputs for equal inputs on the same backend.
 */
export function modelVersion(kind: string, config: JsonValue, weightsSha256: string): string {
  return sha256Hex(canonicalJson({ kind, config, weightsSha256 }));
}

/** {@link modelVersion} computed from the weights themselves. */
export function versionOfWeights(kind: string, config: JsonValue, weights: readonly NamedWeight[]): string {
  return modelVersion(kind, config, sha256Hex(packWeights(weights)));
}

export function sizeOfShape(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
