import { Router } from 'express';
import type { ApiKeyService } from '@embedding-studio/api-keys';

/** `/keys` (admin): create, list and revoke API keys. The created key is shown once. */
export function keysRoutes(keys: ApiKeyService): Router {
  const router = Router();
  router.get('/keys', async (_req, res) => {
    res.json(await keys.list());
  });
  router.post('/keys', async (req, res) => {
    res.json(await keys.create(req.body));
  });
  router.delete('/keys/:id', async (req, res) => {
    res.json(await keys.revoke(req.params.id));
  });
  return router;
}
