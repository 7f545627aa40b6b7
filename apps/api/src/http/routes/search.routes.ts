import express, { Router, type RequestHandler } from 'express';
import { parseJsonl, type SearchServices } from '@embedding-studio/search-core';

export interface SearchRoutesOptions {
  /** Largest item upload (JSON array or JSONL) in bytes; larger bodies answer 413. */
  itemsBodyLimitBytes: number;
}

const NDJSON = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];

/**
 * Body parsers of the item upload route, mounted before the app-wide JSON parser so uploads get
 * their own size limit: a JSON array, or JSONL with `Content-Type: application/x-ndjson`.
 */
export function itemsBodyParsers(options: SearchRoutesOptions): RequestHandler[] {
  return [express.json({ limit: options.itemsBodyLimitBytes, strict: false }), express.text({ type: NDJSON, limit: options.itemsBodyLimitBytes })];
}

/** `/collections`, `/search`, `/models/{id}/deploy` and `/deployments`: HTTP in, service call, JSON out. */
export function searchRoutes(services: SearchServices): Router {
  const router = Router();

  router.post('/collections', async (req, res) => {
    const { created, collection } = await services.collections.create(req.body);
    res.status(created ? 201 : 200).json(collection);
  });
  router.get('/collections', async (_req, res) => {
    res.json(await services.collections.list());
  });
  router.get('/collections/:name', async (req, res) => {
    res.json(await services.collections.get(req.params.name));
  });

  router.put('/collections/:name/feedback', async (req, res) => {
    res.json(await services.collections.setFeedback(req.params.name, req.body));
  });

  router.post('/collections/:name/items', async (req, res) => {
    const body: unknown = typeof req.body === 'string' ? parseJsonl(req.body) : req.body;
    res.json(await services.items.upsert(req.params.name, body));
  });
  router.get('/collections/:name/items/:id', async (req, res) => {
    res.json(await services.items.get(req.params.name, req.params.id));
  });
  router.delete('/collections/:name/items/:id', async (req, res) => {
    res.json(await services.items.delete(req.params.name, req.params.id));
  });

  router.post('/search', async (req, res) => {
    res.json(await services.search.search(req.body));
  });

  router.post('/models/:id/deploy', async (req, res) => {
    res.json(await services.deployments.deployModel(req.params.id, req.body));
  });
  router.get('/deployments', async (req, res) => {
    res.json(await services.deployments.list(req.query));
  });
  router.post('/deployments/rollback', async (req, res) => {
    res.json(await services.deployments.rollback(req.body));
  });
  return router;
}
