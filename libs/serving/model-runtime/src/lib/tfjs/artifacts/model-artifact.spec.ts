import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { LinearAdapter } from '../adapters/linear-adapter.js';
import { LowRankResidualAdapter } from '../adapters/low-rank-residual-adapter.js';
import { HashedNgramEncoder } from '../encoders/hashed-ngram-encoder.js';
import { loadModelArtifact, saveModelArtifact, type ModelArtifact } from './model-artifact.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Moves every variable away from its initial value, as training would. */
function perturb(variables: readonly tf.Variable[], seed: number): void {
  for (const v of variables) v.assign(tf.tidy(() => tf.add(v, tf.randomNormal(v.shape, 0, 0.1, 'float32', seed))));
}

/** Bit-level equality of two float arrays (NaN-safe, -0 ≠ 0). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** What a file system or network would hand back: JSON text and a byte copy. */
function transport(artifact: ModelArtifact): { manifest: unknown; weights: Uint8Array } {
  return { manifest: JSON.parse(JSON.stringify(artifact.manifest)), weights: Uint8Array.from(artifact.weights) };
}

function caught(f: () => unknown): Error & { code?: string; details?: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('saveModelArtifact / loadModelArtifact', () => {
  it('describes a linear adapter as data: shapes, dtype, offsets, little-endian float32, sha256', () => {
    const adapter = new LinearAdapter({ inputDimension: 3, side: 'both', normalize: true });
    const { manifest, weights } = saveModelArtifact(adapter);
    expect(weights.byteLength).toBe((9 + 3) * 4);
    expect(Array.from(weights.subarray(0, 4))).toEqual([0x00, 0x00, 0x80, 0x3f]); // kernel[0][0] = 1.0f, little-endian
    expect(manifest).toEqual({
      format: 'embedding-studio/tfjs-model',
      formatVersion: 1,
      kind: 'linear-adapter',
      version: adapter.contentHash(),
      config: { inputDimension: 3, outputDimension: 3, side: 'both', normalize: true },
      weights: {
        dtype: 'float32',
        byteOrder: 'little-endian',
        byteLength: 48,
        sha256: createHash('sha256').update(weights).digest('hex'),
        tensors: [
          { name: 'kernel', shape: [3, 3], dtype: 'float32', byteOffset: 0, byteLength: 36 },
          { name: 'bias', shape: [3], dtype: 'float32', byteOffset: 36, byteLength: 12 },
        ],
      },
    });
    adapter.dispose();
  });

  it.each([
    ['linear-adapter', () => new LinearAdapter({ inputDimension: 6, outputDimension: 4, normalize: true })],
    ['low-rank-residual-adapter', () => new LowRankResidualAdapter({ dimension: 6, rank: 2, seed: 9, side: 'item' })],
  ] as const)('round-trips a trained %s with bit-exact outputs', (kind, make) => {
    const adapter = make();
    perturb(adapter.trainableVariables, 42);
    const { manifest, weights } = transport(saveModelArtifact(adapter));
    const loaded = loadModelArtifact(manifest, weights, { expectedKind: kind });
    expect(loaded.kind).toBe(kind);
    expect(loaded.getConfig()).toEqual(adapter.getConfig());
    expect(loaded.contentHash()).toBe(adapter.contentHash());
    const x = Float32Array.from({ length: 30 }, (_, i) => Math.sin(i + 1));
    expect(sameBits(loaded.apply(x).data, adapter.apply(x).data)).toBe(true);
    adapter.dispose();
    loaded.dispose();
  });

  it('round-trips a trained hashed encoder with bit-exact embeddings and the same version', async () => {
    const encoder = new HashedNgramEncoder({ buckets: 1024, dimension: 16, seed: 'shop', pooling: 'mean' });
    perturb(encoder.trainableVariables, 7);
    const version = encoder.refreshVersion();
    const artifact = saveModelArtifact(encoder);
    expect(artifact.manifest.version).toBe(version);
    const { manifest, weights } = transport(artifact);
    const loaded = loadModelArtifact(manifest, weights, { expectedKind: 'hashed-ngram-encoder' });
    expect(loaded.version).toBe(version);
    expect(loaded.refreshVersion()).toBe(version);
    const texts = ['leather office chair', 'ergonomic chair', ''];
    expect(sameBits((await loaded.embedQueries(texts)).data, (await encoder.embedQueries(texts)).data)).toBe(true);
    await encoder.dispose();
    await loaded.dispose();
  });

  it('rejects weights with one byte flipped, naming expected and actual hashes', () => {
    const adapter = new LowRankResidualAdapter({ dimension: 4, rank: 2 });
    const { manifest, weights } = transport(saveModelArtifact(adapter));
    weights[5] = (weights[5] as number) ^ 0x01;
    const actual = createHash('sha256').update(weights).digest('hex');
    const err = caught(() => loadModelArtifact(manifest, weights));
    expect(err.code).toBe('MODEL_RUNTIME_ARTIFACT_HASH_MISMATCH');
    const expected = (manifest as { weights: { sha256: string } }).weights.sha256;
    expect(err.details).toEqual({ field: 'weights.sha256', expected, actual });
    expect(err.message).toContain(`expects ${expected} but the content hashes to ${actual}`);
    adapter.dispose();
  });

  it('rejects an edited config through the version hash', () => {
    const adapter = new LinearAdapter({ inputDimension: 2 });
    const { manifest, weights } = transport(saveModelArtifact(adapter));
    (manifest as { config: { normalize: boolean } }).config.normalize = true;
    const err = caught(() => loadModelArtifact(manifest, weights));
    expect(err.code).toBe('MODEL_RUNTIME_ARTIFACT_HASH_MISMATCH');
    expect(err.details?.['field']).toBe('version');
    adapter.dispose();
  });

  it('lists every structural problem of a malformed manifest', () => {
    const adapter = new LinearAdapter({ inputDimension: 2 });
    const { manifest, weights } = transport(saveModelArtifact(adapter));
    const m = manifest as Record<string, unknown> & { weights: Record<string, unknown> };
    m['formatVersion'] = 2;
    m['kind'] = 'pickle';
    m.weights['dtype'] = 'float16';
    const err = caught(() => loadModelArtifact(m, weights));
    expect(err.code).toBe('MODEL_RUNTIME_INVALID_ARTIFACT');
    expect((err.details?.['issues'] as Array<{ field: string }>).map((i) => i.field)).toEqual(['formatVersion', 'kind', 'weights.dtype']);
    expect(caught(() => loadModelArtifact('not json', weights)).message).toBe(
      'Invalid model artifact: manifest: must be a JSON object (the parsed model.json). Re-export it with saveModelArtifact().',
    );
    adapter.dispose();
  });

  it('rejects truncated weights and a kind other than the expected one', () => {
    const adapter = new LinearAdapter({ inputDimension: 2 });
    const { manifest, weights } = transport(saveModelArtifact(adapter));
    const truncated = caught(() => loadModelArtifact(manifest, weights.subarray(0, 8)));
    expect(truncated.code).toBe('MODEL_RUNTIME_INVALID_ARTIFACT');
    expect(truncated.message).toContain('weights.byteLength: is 24 but the weights hold 8 bytes');
    const wrongKind = caught(() => loadModelArtifact(manifest, weights, { expectedKind: 'hashed-ngram-encoder' }));
    expect(wrongKind.message).toContain("kind: is 'linear-adapter' but 'hashed-ngram-encoder' was expected");
    adapter.dispose();
  });

  it('reports an invalid config as an artifact error (after the hashes match)', () => {
    const adapter = new LinearAdapter({ inputDimension: 2 });
    const { manifest, weights } = transport(saveModelArtifact(adapter));
    // Consistent hashes but a config the constructor rejects: forge the version as a writer would.
    const m = manifest as { config: Record<string, unknown>; version: string; weights: { sha256: string } };
    m.config['side'] = 'sideways';
    const forged = createHash('sha256')
      .update(`{"config":{"inputDimension":2,"normalize":false,"outputDimension":2,"side":"sideways"},"kind":"linear-adapter","weightsSha256":"${m.weights.sha256}"}`)
      .digest('hex');
    m.version = forged;
    const err = caught(() => loadModelArtifact(m, weights));
    expect(err.code).toBe('MODEL_RUNTIME_INVALID_ARTIFACT');
    expect((err.details?.['issues'] as Array<{ field: string }>)[0]?.field).toBe('config.side');
    adapter.dispose();
  });
});
