import { Router, type Response } from 'express';
import type { ClickstreamService, ItemOutcome } from '@embedding-studio/clickstream-core';
import { serializeError } from '@embedding-studio/errors';
import { STATUS_BY_CATEGORY } from '../error-status.js';

/** A bulk answer: one entry per item, in order, each with the status its own request would have had. */
function bulkAnswer<T>(outcomes: ItemOutcome<T>[], ok: (value: T) => Record<string, unknown>) {
  const items = outcomes.map((o) => {
    if (o.ok) return { status: 200, ...ok(o.value) };
    const e = serializeError(o.error);
    return { status: STATUS_BY_CATEGORY[o.error.category], error: { code: e.code, message: e.message, details: e.details } };
  });
  const accepted = items.filter((i) => i.status === 200).length;
  return { accepted, rejected: items.length - accepted, items };
}

/**
 * A 200 with a JSON body, for the ingest routes that answer many small requests: the same bytes
 * and headers as `res.json` for a POST (no ETag, which no client of a POST uses), at a fraction
 * of its CPU (res.json also resolves the content type, hashes the body and checks freshness).
 */
function answer(res: Response, body: unknown): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** `/clickstream` (client) and `/clickstream/internal` routes: HTTP in, service call, JSON out. */
export function clickstreamRoutes(service: ClickstreamService): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    await service.registerSession(req.body);
    answer(res, null);
  });
  router.get('/session', async (req, res) => {
    res.json(await service.getSession(req.query));
  });
  router.post('/session/results', async (req, res) => {
    answer(res, await service.appendResults(req.body));
  });
  router.post('/session/events', async (req, res) => {
    await service.addEvents(req.body);
    answer(res, null);
  });
  router.post('/session/irrelevant', async (req, res) => {
    await service.markIrrelevant(req.body);
    answer(res, null);
  });

  // Bulk ingest: up to `maxBulkItems` items per request, written together, answered per item.
  router.post(/^\/sessions:bulk$/, async (req, res) => {
    answer(res, bulkAnswer(await service.registerSessionsBulk(req.body), (r) => ({ created: r.created })));
  });
  router.post(/^\/events:bulk$/, async (req, res) => {
    answer(res, bulkAnswer(await service.addEventsBulk(req.body), () => ({})));
  });

  router.get('/internal/batch', async (req, res) => {
    res.json(await service.getBatch(req.query));
  });
  router.get('/internal/batch/sessions', async (req, res) => {
    res.json(await service.getBatchSessions(req.query));
  });
  router.post('/internal/batch/release', async (req, res) => {
    res.json(await service.releaseBatch(req.body));
  });
  return router;
}
