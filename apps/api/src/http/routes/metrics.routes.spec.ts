import express from 'express';
import request from 'supertest';
import { createQualityFolder, createQualityMetrics } from '@embedding-studio/search-quality';
import { createMemoryHourStates, createMemoryLease, createMemoryLog, createMemoryRollupStore } from '@embedding-studio/search-quality/testing';
import { SearchCollectionNotFoundError } from '@embedding-studio/search-core';
import { errorHandler, notFound } from '../middleware/error-handler.js';
import { metricsRoutes } from './metrics.routes.js';

async function setup() {
  const log = createMemoryLog();
  const rollups = createMemoryRollupStore();
  const folder = createQualityFolder({ log, states: createMemoryHourStates(), rollups, lease: createMemoryLease(), owner: 'test' });
  const at = Date.parse('2026-12-07T04:10:00Z') / 1000;
  await log.append([
    { session: { session_id: 's1', collection: 'docs', version: 1, created_at: at, latency_ms: 12, shown: ['a', 'b'], irrelevant: false }, clicks: [{ event_id: 'e', object_id: 'b', created_at: at + 3 }] },
    { session: { session_id: 's2', collection: 'docs', version: 2, created_at: at + 60, latency_ms: 8, shown: ['a', 'b'], irrelevant: false } },
  ]);
  await folder.runOnce();
  const metrics = createQualityMetrics({
    rollups,
    deployments: async (c) => {
      if (c !== 'docs') throw new SearchCollectionNotFoundError(c);
      return [{ version: 2, created_at: at + 30, kind: 'adapter' }];
    },
  });
  const app = express();
  app.use((req, _res, next) => {
    req.id = 'req-1';
    next();
  });
  app.use('/api/v1', metricsRoutes(metrics));
  app.use(notFound);
  app.use(errorHandler({ exposeStack: false }));
  return request(app);
}

describe('GET /metrics/quality', () => {
  it('answers the series per version with totals, buckets and the deploys of the range', async () => {
    const http = await setup();
    const res = await http.get('/api/v1/metrics/quality').query({ collection: 'docs', from: '2026-12-07T00:00:00Z', to: '2026-12-08T00:00:00Z', by: 'version' }).expect(200);
    expect(res.body).toMatchObject({ collection: 'docs', bucket: 'hour', from: '2026-12-07T00:00:00.000Z', to: '2026-12-08T00:00:00.000Z' });
    expect(res.body.series.map((s: { version: number }) => s.version)).toEqual([1, 2]);
    expect(res.body.series[0].totals).toMatchObject({ searches: 1, sessions_with_click: 1, ctr: 1, mrr: 0.5, mean_click_rank: 2, clicks_at: { '1': 0, '3': 1, '5': 1, '10': 1 } });
    expect(res.body.series[0].buckets).toEqual([expect.objectContaining({ start: '2026-12-07T04:00:00.000Z', searches: 1 })]);
    expect(res.body.deployments).toEqual([{ version: 2, at: '2026-12-07T04:10:30.000Z', kind: 'adapter' }]);
  });

  it('answers 422 naming each bad field, and 404 for an unknown collection', async () => {
    const http = await setup();
    const bad = await http.get('/api/v1/metrics/quality').query({ collection: 'docs', from: 'soon', bucket: 'week' }).expect(422);
    expect(bad.body.error.code).toBe('SEARCH_QUALITY_VALIDATION');
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(['from', 'bucket']);
    expect((await http.get('/api/v1/metrics/quality').query({ collection: 'other' }).expect(404)).body.error.code).toBe('SEARCH_COLLECTION_NOT_FOUND');
  });
});
