import express, { type Express } from 'express';
import type { ClickstreamService } from '@embedding-studio/clickstream-core';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { requestContext } from './http/middleware/request-context.js';
import { clickstreamRoutes } from './http/routes/clickstream.routes.js';

export interface AppDeps {
  clickstream: ClickstreamService;
  /** Readiness probe of the app's dependencies (e.g. a Mongo ping); throws when not ready. */
  ready?: () => Promise<void>;
  logger?: Logger;
  /** Largest accepted JSON body in bytes. @defaultValue 1 MiB */
  bodyLimitBytes?: number;
  /** Include stack traces in error bodies (development only). @defaultValue false */
  exposeErrorStacks?: boolean;
}

export const API_PREFIX = '/api/v1';

/** Builds the Express app. No `listen()`, no environment reads: tests call this directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestContext(deps.logger ?? noopLogger));
  app.use(express.json({ limit: deps.bodyLimitBytes ?? 1024 * 1024, strict: false, type: ['application/json', 'application/*+json'] }));

  const api = express.Router();
  api.get('/ping', (_req, res) => {
    res.json({});
  });
  api.get('/health/ready', async (_req, res) => {
    await deps.ready?.();
    res.json({ status: 'ready' });
  });
  api.use('/clickstream', clickstreamRoutes(deps.clickstream));

  app.use(API_PREFIX, api);
  app.use(notFound);
  app.use(errorHandler({ exposeStack: deps.exposeErrorStacks ?? false }));
  return app;
}
