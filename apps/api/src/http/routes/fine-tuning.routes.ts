import { Router } from 'express';
import type { FineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';

/** `/fine-tuning` routes: HTTP in, service call, JSON out. Errors go to the shared error handler. */
export function fineTuningRoutes(service: FineTuningTaskService): Router {
  const router = Router();

  router.post('/task', async (req, res) => {
    res.json(await service.create(req.body));
  });
  router.get('/task', async (req, res) => {
    res.json(await service.list(req.query));
  });
  router.get('/task/:id', async (req, res) => {
    res.json(await service.get(req.params.id));
  });
  router.put('/task/:id/restart', async (req, res) => {
    res.json(await service.restart(req.params.id));
  });
  router.put('/task/:id/cancel', async (req, res) => {
    res.json(await service.cancel(req.params.id));
  });
  return router;
}
