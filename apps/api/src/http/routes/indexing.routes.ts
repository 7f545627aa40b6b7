import { Router } from 'express';
import type { IndexingApi } from '@embedding-studio/search-indexing-runtime';

/**
 * Bulk imports and blue/green reindexes: HTTP in, service call, JSON out. Creating answers the
 * stored, queued job (`200` means it is durable); the worker runs it.
 */
export function indexingRoutes(indexing: IndexingApi): Router {
  const router = Router();
  router.post('/collections/:name/imports', async (req, res) => {
    res.json(await indexing.createImport(req.params.name, req.body));
  });
  router.post('/collections/:name/reindex', async (req, res) => {
    res.json(await indexing.createReindex(req.params.name, req.body));
  });
  router.get('/imports/:id', async (req, res) => {
    res.json(await indexing.get(req.params.id));
  });
  router.get('/reindexes/:id', async (req, res) => {
    res.json(await indexing.get(req.params.id));
  });
  return router;
}
