import { Router } from 'express';
import type { ClickstreamService } from '@embedding-studio/clickstream-core';

/** `/clickstream` (client) and `/clickstream/internal` routes: HTTP in, service call, JSON out. */
export function clickstreamRoutes(service: ClickstreamService): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    await service.registerSession(req.body);
    res.json(null);
  });
  router.get('/session', async (req, res) => {
    res.json(await service.getSession(req.query));
  });
  router.post('/session/results', async (req, res) => {
    res.json(await service.appendResults(req.body));
  });
  router.post('/session/events', async (req, res) => {
    await service.addEvents(req.body);
    res.json(null);
  });
  router.post('/session/irrelevant', async (req, res) => {
    await service.markIrrelevant(req.body);
    res.json(null);
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
