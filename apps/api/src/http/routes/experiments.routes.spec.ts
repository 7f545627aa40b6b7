import { Readable } from 'node:stream';
import express, { type Express } from 'express';
import request from 'supertest';
import { createExperimentsTracker, createMemoryExperimentsStore, type ExperimentsTracker, type ModelRecord } from '@embedding-studio/experiments-tracker';
import { createMemoryModelArtifacts, type MemoryModelArtifacts } from '@embedding-studio/experiments-tracker/testing';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { noopLogger } from '@embedding-studio/observability';
import { errorHandler, notFound } from '../middleware/error-handler.js';
import { requestContext } from '../middleware/request-context.js';
import { experimentsRoutes, type ExperimentsRoutesDeps } from './experiments.routes.js';

const T0 = Date.UTC(2025, 0, 1);
const OCTET = 'application/octet-stream';
const MAX = { name: 'quality', mode: 'max' } as const;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function appWith(deps: ExperimentsRoutesDeps): Express {
  const app = express();
  app.set('query parser', 'simple');
  app.use(requestContext(noopLogger));
  app.use('/api/v1', experimentsRoutes(deps));
  app.use(notFound);
  app.use(errorHandler({ exposeStack: false }));
  return app;
}

interface World {
  app: Express;
  tracker: ExperimentsTracker;
  artifacts: MemoryModelArtifacts;
  iterationId: string;
  runId: string;
  initial: ModelRecord;
  replaced: ModelRecord;
  best: ModelRecord;
  big: Uint8Array;
}

async function world(): Promise<World> {
  const artifacts = createMemoryModelArtifacts();
  const clock = createTestClock(T0, { tickMs: 1 });
  const tracker = createExperimentsTracker({ store: createMemoryExperimentsStore(), artifacts, clock });
  const { model: initial } = await tracker.ensureInitialModel('p', async () => ({ bytes: text('initial'), contentType: OCTET }));
  const it = await tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: MAX });
  const run = await it.startRun({ lr: 0.01 });
  await it.logMetric(run.id, 'quality', 0.2, 1);
  await it.logMetric(run.id, 'quality', 0.4, 2);
  await it.logMetric(run.id, 'loss', 1.5, 1);
  await it.finishRun(run.id, 'finished', 0.4);
  await it.saveModelIfBest(run.id, 0.3, text('m1'), OCTET);
  // 200 KiB of varied bytes: streamed in several chunks.
  const big = Uint8Array.from({ length: 200 * 1024 }, (_, i) => (i * 31 + (i >> 8)) % 256);
  const second = await it.saveModelIfBest(run.id, 0.4, big, 'application/vnd.embedding-studio.model');
  if (!second.replaced) throw new Error('the second save should replace the first');
  await tracker.startIteration({ plugin: 'q', batchId: 'b1', mainMetric: MAX });
  return {
    app: appWith({ tracker, artifacts }),
    tracker,
    artifacts,
    iterationId: it.id,
    runId: run.id,
    initial,
    replaced: second.replaced,
    best: second.model,
    big,
  };
}

function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('experiments routes', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  describe('GET /experiments', () => {
    it('lists iterations newest first, with paging and a plugin filter', async () => {
      const all = await request(w.app).get('/api/v1/experiments').expect(200);
      expect(all.body.items.map((i: { name: string }) => i.name)).toEqual(['iteration / q / b1', 'iteration / p / b1', 'iteration / initial']);
      expect(all.body).toMatchObject({ total: 3, skip: 0, limit: 20 });

      const page = await request(w.app).get('/api/v1/experiments?plugin=p&skip=1&limit=1').expect(200);
      expect(page.body).toEqual({ items: [await w.tracker.getIteration(w.initial.iteration_id).then(({ runs: _runs, ...it }) => it)], total: 2, skip: 1, limit: 1 });
    });

    it('answers a bad query with 422 naming every field', async () => {
      const res = await request(w.app).get('/api/v1/experiments?limit=0&skip=x').expect(422);
      expect(res.body.error.code).toBe('EXPERIMENTS_TRACKER_INVALID_INPUT');
      expect(res.body.error.details.issues).toEqual([
        { field: 'skip', message: 'must be an integer in 0..9007199254740991, got "x".' },
        { field: 'limit', message: 'must be an integer in 1..200, got 0.' },
      ]);
    });
  });

  describe('GET /experiments/:id and its runs', () => {
    it('returns the iteration with its runs', async () => {
      const res = await request(w.app).get(`/api/v1/experiments/${w.iterationId}`).expect(200);
      expect(res.body).toMatchObject({ id: w.iterationId, name: 'iteration / p / b1', status: 'active', main_metric: MAX });
      expect(res.body.runs).toEqual([expect.objectContaining({ id: w.runId, params: { lr: 0.01 }, status: 'finished', best_metric: 0.4 })]);
    });

    it('returns a run with params and metric series', async () => {
      const res = await request(w.app).get(`/api/v1/experiments/${w.iterationId}/runs/${w.runId}`).expect(200);
      expect(res.body.params).toEqual({ lr: 0.01 });
      expect(res.body.metrics).toEqual({
        loss: [{ step: 1, value: 1.5, time: expect.any(Number) }],
        quality: [
          { step: 1, value: 0.2, time: expect.any(Number) },
          { step: 2, value: 0.4, time: expect.any(Number) },
        ],
      });
    });

    it('answers unknown ids, and a run under the wrong iteration, with 404', async () => {
      const missing = await request(w.app).get('/api/v1/experiments/it-nope').expect(404);
      expect(missing.body).toMatchObject({
        detail: 'No iteration with id="it-nope"; list the existing ones with GET /experiments.',
        error: { name: 'ExperimentsTrackerNotFoundError', code: 'EXPERIMENTS_TRACKER_NOT_FOUND', details: { kind: 'iteration', id: 'it-nope' } },
        response: { statusCode: 404 },
      });
      const wrong = await request(w.app).get(`/api/v1/experiments/${w.initial.iteration_id}/runs/${w.runId}`).expect(404);
      expect(wrong.body.error.message).toContain(`is not part of iteration "${w.initial.iteration_id}"`);
      await request(w.app).get(`/api/v1/experiments/${w.iterationId}/runs/run-nope`).expect(404);
    });
  });

  describe('GET /models', () => {
    it('lists the registry with status and plugin filters', async () => {
      const live = await request(w.app).get('/api/v1/models?status=live&plugin=p').expect(200);
      expect(live.body).toEqual({ items: [w.best, w.initial], total: 2, skip: 0, limit: 20 });
      const deleted = await request(w.app).get('/api/v1/models?status=deleted').expect(200);
      expect(deleted.body.items).toEqual([w.replaced]);
      const bad = await request(w.app).get('/api/v1/models?status=gone').expect(422);
      expect(bad.body.error.details.issues).toEqual([{ field: 'status', message: 'must be one of \'live\', \'deleted\', got "gone".' }]);
    });

    it('returns one model record, live or deleted', async () => {
      expect((await request(w.app).get(`/api/v1/models/${w.best.id}`).expect(200)).body).toEqual(w.best);
      expect((await request(w.app).get(`/api/v1/models/${w.replaced.id}`).expect(200)).body).toMatchObject({ status: 'deleted', deleted_at: expect.any(Number) });
      await request(w.app).get('/api/v1/models/nope').expect(404);
    });
  });

  describe('GET /models/:id/artifact', () => {
    it('streams the bytes with type, length and a file name', async () => {
      const res = await request(w.app).get(`/api/v1/models/${w.best.id}/artifact`).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.embedding-studio.model');
      expect(res.headers['content-length']).toBe(String(200 * 1024));
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${w.best.id}.esmodel"`);
      expect(res.headers['etag']).toBe(`"${w.best.artifact.sha256}"`);
      expect(Buffer.compare(res.body as Buffer, Buffer.from(w.big))).toBe(0);

      const small = await request(w.app).get(`/api/v1/models/${w.initial.id}/artifact`).buffer(true).parse(binary).expect(200);
      expect((small.body as Buffer).toString('utf8')).toBe('initial');
      expect(small.headers['content-disposition']).toBe(`attachment; filename="${w.initial.id}.bin"`);
    });

    it('streams a Node readable body too', async () => {
      const app = appWith({
        tracker: w.tracker,
        artifacts: { get: async () => ({ body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]), size: 4, contentType: OCTET }) },
      });
      const res = await request(app).get(`/api/v1/models/${w.initial.id}/artifact`).buffer(true).parse(binary).expect(200);
      expect((res.body as Buffer).toString('utf8')).toBe('abcd');
      expect(res.headers['content-length']).toBe('4');
    });

    it('answers 404 for a deleted model, an unknown model and missing bytes', async () => {
      const deleted = await request(w.app).get(`/api/v1/models/${w.replaced.id}/artifact`).expect(404);
      expect(deleted.body.error.code).toBe('EXPERIMENTS_TRACKER_MODEL_DELETED');
      expect(deleted.body.detail).toContain(`Model "${w.replaced.id}" was deleted at `);
      expect(deleted.body.detail).toContain('fetch a live one (GET /models?status=live)');

      const unknown = await request(w.app).get('/api/v1/models/it-x-m9/artifact').expect(404);
      expect(unknown.body.error.code).toBe('EXPERIMENTS_TRACKER_NOT_FOUND');

      const fresh = await world();
      await fresh.artifacts.delete(fresh.initial.artifact.key);
      const lost = await request(fresh.app).get(`/api/v1/models/${fresh.initial.id}/artifact`).expect(404);
      expect(lost.body.error.code).toBe('EXPERIMENTS_TRACKER_TESTING_ARTIFACT_MISSING');
    });
  });
});
