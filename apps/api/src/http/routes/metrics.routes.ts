import { Router } from 'express';
import type { QualityMetrics } from '@embedding-studio/search-quality';

/** `GET /metrics/quality`: HTTP in, service call, JSON out. */
export function metricsRoutes(metrics: QualityMetrics): Router {
  const router = Router();
  router.get('/metrics/quality', async (req, res) => {
    res.json(await metrics.read(req.query));
  });
  return router;
}
