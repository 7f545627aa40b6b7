import { ModelRuntimeInvalidArtifactError } from '../errors.js';
import type { ModelArtifact, ModelArtifactManifest } from './model-artifact.js';

/** Media type of a bundle (one file: manifest + weights). */
export const MODEL_ARTIFACT_BUNDLE_CONTENT_TYPE = 'application/vnd.embedding-studio.model';
/** File extension used for bundles in artifact stores. */
export const MODEL_ARTIFACT_BUNDLE_EXTENSION = 'esmodel';

// Layout: 8-byte magic, uint32 LE manifest length, UTF-8 manifest JSON, then the raw weights.
const MAGIC = new TextEncoder().encode('ESMODEL1');
const HEADER_BYTES = MAGIC.length + 4;

/**
 * Packs an artifact into one byte string, so it can be stored, downloaded and hashed as a
 * single object. Pure data: {@link decodeModelArtifact} parses it back and
 * `loadModelArtifact` verifies the hashes.
 */
export function encodeModelArtifact(artifact: ModelArtifact | { manifest: unknown; weights: Uint8Array }): Uint8Array {
  const manifest = new TextEncoder().encode(JSON.stringify(artifact.manifest));
  const out = new Uint8Array(HEADER_BYTES + manifest.length + artifact.weights.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(MAGIC.length, manifest.length, true);
  out.set(manifest, HEADER_BYTES);
  out.set(artifact.weights, HEADER_BYTES + manifest.length);
  return out;
}

/**
 * Splits a bundle from {@link encodeModelArtifact} into manifest and weights (a copy, aligned
 * for float32 reads). Checks the framing only; pass the result to `loadModelArtifact`.
 *
 * @throws ModelRuntimeInvalidArtifactError when the bytes are not a bundle.
 */
export function decodeModelArtifact(bytes: Uint8Array): ModelArtifact {
  const bad = (message: string): never => {
    throw new ModelRuntimeInvalidArtifactError([{ field: 'bundle', message }]);
  };
  if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    bad(`is not a model bundle (expected the 'ESMODEL1' header); was it written by encodeModelArtifact()?`);
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  if (HEADER_BYTES + length > bytes.length) bad(`declares a ${length}-byte manifest but holds only ${bytes.length - HEADER_BYTES} bytes after the header; the file is truncated`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + length)));
  } catch {
    return bad('holds a manifest that is not valid UTF-8 JSON');
  }
  const weights = bytes.slice(HEADER_BYTES + length);
  return { manifest: manifest as ModelArtifactManifest, weights };
}
