import * as tf from '@tensorflow/tfjs';
import { LinearAdapter } from '../adapters/linear-adapter.js';
import { hasErrorCode } from '@embedding-studio/errors';
import { decodeModelArtifact, encodeModelArtifact } from './model-artifact-bundle.js';
import { loadModelArtifact, saveModelArtifact } from './model-artifact.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model artifact bundle', () => {
  it('round-trips an adapter through one byte string and loads with verified hashes', () => {
    const adapter = new LinearAdapter({ inputDimension: 3, side: 'query' });
    const artifact = saveModelArtifact(adapter);
    const bytes = encodeModelArtifact(artifact);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('ESMODEL1');
    const decoded = decodeModelArtifact(bytes);
    expect(decoded.manifest).toEqual(artifact.manifest);
    expect(Array.from(decoded.weights)).toEqual(Array.from(artifact.weights));
    const loaded = loadModelArtifact(decoded.manifest, decoded.weights, { expectedKind: 'linear-adapter' });
    expect(loaded.contentHash()).toBe(adapter.contentHash());
    adapter.dispose();
    loaded.dispose();
  });

  it('rejects foreign and truncated bytes with the field named', () => {
    expect(() => decodeModelArtifact(new TextEncoder().encode('{"not":"a bundle"}'))).toThrow(/bundle/);
    const bytes = encodeModelArtifact({ manifest: { a: 1 }, weights: new Uint8Array(4) });
    const truncated = bytes.subarray(0, 14);
    let caught: unknown;
    try {
      decodeModelArtifact(truncated);
    } catch (error) {
      caught = error;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_INVALID_ARTIFACT')).toBe(true);
    expect(String(caught)).toMatch(/truncated/);
  });

  it('detects tampered weights when loading', () => {
    const adapter = new LinearAdapter({ inputDimension: 2, side: 'query' });
    const bytes = encodeModelArtifact(saveModelArtifact(adapter));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    const decoded = decodeModelArtifact(bytes);
    expect(() => loadModelArtifact(decoded.manifest, decoded.weights)).toThrow(/sha256/);
    adapter.dispose();
  });
});
