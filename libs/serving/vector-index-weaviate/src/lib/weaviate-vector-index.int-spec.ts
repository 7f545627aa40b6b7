// Runs the VectorIndex contract against the REAL Weaviate server in WEAVIATE_URL (tools/services
// builds and starts it), plus Weaviate-specific checks. Without the server the suite fails.
import { randomVector, seededRandom, vectorIndexContract } from '@embedding-studio/vector-index/testing';
import { weaviateTestConnectionFromEnv } from './testing/test-env.js';
import { createWeaviateVectorIndex } from './weaviate-vector-index.js';

const connection = weaviateTestConnectionFromEnv();
const open = () => createWeaviateVectorIndex(connection);

vectorIndexContract('weaviate', open, { timeoutMs: 120_000 });

describe('Weaviate adapter', () => {
  const prefix = `w${Math.random().toString(36).slice(2, 8)}`;

  it('adds a vector slot to a live collection and searches it after a partial upsert', async () => {
    const index = await open();
    const name = `${prefix}_slot`;
    try {
      await index.ensureCollection({ name, vectors: { a: { dims: 4, metric: 'cosine' } }, payload: { n: 'int' } });
      const next = seededRandom(3);
      const docs = Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, vectors: { a: randomVector(4, next) }, payload: { n: i } }));
      await index.upsert(name, docs);
      await index.addVectorSlot!(name, 'b', { dims: 3, metric: 'dot' });
      expect((await index.describeCollection(name))?.vectors).toEqual({ a: { dims: 4, metric: 'cosine' }, b: { dims: 3, metric: 'dot' } });
      await index.upsert(name, docs.map((d, i) => ({ id: d.id, vectors: { b: new Float32Array([i, 1, 0]) }, payload: d.payload })));
      const hits = await index.search({ target: name, slot: 'b', vector: new Float32Array([1, 0, 0]), k: 3 });
      expect(hits.map((h) => h.id)).toEqual(['d9', 'd8', 'd7']);
      const [d3] = await index.get(name, ['d3']);
      expect(Array.from(d3!.vectors.a!)).toEqual(Array.from(docs[3]!.vectors.a!));
    } finally {
      await index.dropCollection(name);
      await index.close();
    }
  }, 120_000);

  it('keeps collections whose names differ only in the first letter apart', async () => {
    const index = await open();
    const lower = `${prefix}_case`;
    const upper = lower.toUpperCase();
    try {
      await index.ensureCollection({ name: lower, vectors: { a: { dims: 2, metric: 'cosine' } }, payload: {} });
      expect(await index.listCollections()).toContain(lower);
      expect(await index.describeCollection(upper)).toBeUndefined();
    } finally {
      await index.dropCollection(lower);
      await index.close();
    }
  }, 60_000);
});
