/**
 * @jest-environment <rootDir>/../../tools/jest/onnx-environment.js
 */
// The search API with VECTOR_ENGINE=weaviate: the same routes over the real Weaviate server that
// `npm run services:up` starts (WEAVIATE_URL, WEAVIATE_GRPC_PORT; fails when they are unset).
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { TOPICS, startSearchApi, type SearchHarness } from './search-setup.js';

jest.setTimeout(180_000);

// Weaviate is shared by every run: a collection name of its own, dropped at the end.
const NAME = `wv_${randomUUID().slice(0, 8)}`;
let h: SearchHarness;
beforeAll(async () => {
  h = await startSearchApi('search_weaviate', { engine: 'weaviate', dropPrefix: NAME });
});
afterAll(async () => {
  await h?.close();
});

describe('search over HTTP with VECTOR_ENGINE=weaviate', () => {
  it('creates a collection, uploads items, counts them and finds the matching one first', async () => {
    await h.http.post('/api/v1/collections').send({ name: NAME, fields_to_embed: ['text'] }).expect(201);
    const items = TOPICS.map(([id, text]) => ({ id, text }));
    await h.http.post('/api/v1/collections/' + NAME + '/items').send(items).expect(200, { upserted: items.length });
    expect((await h.http.get(`/api/v1/collections/${NAME}`).expect(200)).body.count).toBe(items.length);

    const res = await h.http.post('/api/v1/search').send({ collection: NAME, query: 'which instrument has keys and hammers?', k: 3 }).expect(200);
    expect(res.body.results.map((r: { object_id: string }) => r.object_id)[0]).toBe('piano');
    expect(res.body.results.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
    expect(res.body.model).toMatchObject({ version: 1 });

    await h.http.delete(`/api/v1/collections/${NAME}/items/piano`).expect(200, { deleted: 1 });
    const after = await h.http.post('/api/v1/search').send({ collection: NAME, query: 'which instrument has keys and hammers?', k: 3 }).expect(200);
    expect(after.body.results.map((r: { object_id: string }) => r.object_id)).not.toContain('piano');
  });
});
