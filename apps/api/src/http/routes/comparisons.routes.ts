import { Router } from 'express';
import type { ComparisonService } from '@embedding-studio/search-comparison';

/** `/comparisons`: online comparisons of a candidate model against the active profile, and the offline estimate. */
export function comparisonRoutes(comparisons: ComparisonService): Router {
  const router = Router();
  router.post('/comparisons', async (req, res) => {
    res.status(201).json(await comparisons.start(req.body));
  });
  router.get('/comparisons', async (req, res) => {
    res.json({ comparisons: await comparisons.list(req.query) });
  });
  router.post('/comparisons/estimate', async (req, res) => {
    res.json(await comparisons.estimate(req.body));
  });
  router.get('/comparisons/:id', async (req, res) => {
    res.json(await comparisons.get(req.params.id));
  });
  router.post('/comparisons/:id/stop', async (req, res) => {
    res.json(await comparisons.stop(req.params.id));
  });
  return router;
}
