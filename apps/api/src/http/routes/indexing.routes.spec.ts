import express from 'express';
import request from 'supertest';
import { aSearchCollection, createMemoryCatalogStore } from '@embedding-studio/search-core/testing';
import { IndexingSourceRefusedError, createIndexingJobService, createMemoryJobStore, createMemoryProgressStore, type ImportSource } from '@embedding-studio/search-indexing';
import { createMemoryJsonlSource } from '@embedding-studio/search-indexing/testing';
import { createIndexingApi } from '@embedding-studio/search-indexing-runtime';
import { errorHandler, notFound } from '../middleware/error-handler.js';
import { indexingRoutes } from './indexing.routes.js';

async function setup() {
  const catalog = createMemoryCatalogStore();
  await catalog.createCollection(aSearchCollection({ name: 'docs' }));
  const scheduled: string[] = [];
  let n = 0;
  const jobs = createIndexingJobService({
    store: createMemoryJobStore(),
    progress: createMemoryProgressStore(),
    scheduler: { schedule: async (id) => void scheduled.push(id) },
    ids: () => `job-${++n}`,
  });
  // Sources: `items.jsonl` exists under the root; anything with `..` is outside it.
  const openSource = async (source: ImportSource) => {
    if (source.kind === 'jsonl' && source.path.includes('..')) throw new IndexingSourceRefusedError('source.jsonl_path', 'is outside the import root');
    return createMemoryJsonlSource({ 'items.jsonl': '{"id":"a","text":"x"}\n' });
  };
  const app = express();
  app.use(express.json({ strict: false }));
  app.use((req, _res, next) => {
    req.id = 'req-1';
    next();
  });
  app.use('/api/v1', indexingRoutes(createIndexingApi({ jobs, catalog, encoders: ['all-minilm-l6-v2', 'all-minilm-l6-v2-cls'], openSource })));
  app.use(notFound);
  app.use(errorHandler({ exposeStack: false }));
  return { http: request(app), scheduled };
}

describe('indexing routes', () => {
  it('POST /collections/{name}/imports stores and queues a pending import; GET /imports/{id} shows it with its progress', async () => {
    const { http, scheduled } = await setup();
    const created = await http.post('/api/v1/collections/docs/imports').send({ source: { jsonl_path: 'items.jsonl' } }).expect(200);
    expect(created.body).toMatchObject({ id: 'job-1', kind: 'import', collection: 'docs', status: 'pending', source: { kind: 'jsonl', path: 'items.jsonl' } });
    expect(scheduled).toEqual(['job-1']);
    const got = await http.get('/api/v1/imports/job-1').expect(200);
    expect(got.body.progress).toMatchObject({ units_total: 0, read: 0, indexed: 0, eta_s: null, sources: [] });
  });

  it.each([
    [{}, 422, 'SEARCH_INDEXING_VALIDATION', 'source'],
    [{ source: { jsonl_path: '../etc/passwd' } }, 400, 'SEARCH_INDEXING_SOURCE_REFUSED', 'source.jsonl_path'],
    [{ source: { s3_prefix: 'p/', bucket: 'Not_A_Bucket' } }, 422, 'SEARCH_INDEXING_VALIDATION', 'source.bucket'],
    [{ source: { jsonl_path: 'items.jsonl' }, batch_size: 0 }, 422, 'SEARCH_INDEXING_VALIDATION', 'batch_size'],
  ])('rejects %j with %i naming the field, storing nothing', async (body, status, code, field) => {
    const { http, scheduled } = await setup();
    const res = await http.post('/api/v1/collections/docs/imports').send(body).expect(status);
    expect(res.body.error.code).toBe(code);
    expect(JSON.stringify(res.body.error.details)).toContain(field);
    expect(scheduled).toEqual([]);
    await http.get('/api/v1/imports/job-1').expect(404);
  });

  it('answers 404 for an unknown collection or job', async () => {
    const { http } = await setup();
    expect((await http.post('/api/v1/collections/nope/imports').send({ source: { jsonl_path: 'items.jsonl' } }).expect(404)).body.error.code).toBe('SEARCH_COLLECTION_NOT_FOUND');
    expect((await http.get('/api/v1/imports/unknown').expect(404)).body.error.code).toBe('SEARCH_INDEXING_JOB_NOT_FOUND');
  });

  it('POST /collections/{name}/reindex queues a reindex for a known encoder and names a bad one', async () => {
    const { http } = await setup();
    const created = await http.post('/api/v1/collections/docs/reindex').send({ encoder: 'all-minilm-l6-v2-cls' }).expect(200);
    expect(created.body).toMatchObject({ kind: 'reindex', status: 'pending' });
    await http.get(`/api/v1/reindexes/${created.body.id}`).expect(200);
    const bad = await http.post('/api/v1/collections/docs/reindex').send({ encoder: 'bert' }).expect(422);
    expect(bad.body.error.details.issues[0].field).toBe('encoder');
  });
});
