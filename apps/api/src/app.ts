import express, { type Express } from 'express';
import type { ClickstreamService } from '@embedding-studio/clickstream-core';
import type { ExperimentsReader } from '@embedding-studio/experiments-tracker';
import type { PluginMeta } from '@embedding-studio/fine-tuning-plugins';
import type { FineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import type { SearchServices } from '@embedding-studio/search-core';
import { errorHandler, notFound } from './http/middleware/error-handler.js';
import { requestContext } from './http/middleware/request-context.js';
import { clickstreamRoutes } from './http/routes/clickstream.routes.js';
import { experimentsRoutes } from './http/routes/experiments.routes.js';
import { fineTuningRoutes } from './http/routes/fine-tuning.routes.js';
import { itemsBodyParsers, searchRoutes } from './http/routes/search.routes.js';
import { indexingRoutes } from './http/routes/indexing.routes.js';
import type { IndexingApi } from '@embedding-studio/search-indexing-runtime';

/** Fine-tuning services: tasks, the loaded methods, experiments and model downloads. */
export interface FineTuningDeps {
  tasks: FineTuningTaskService;
  methods: { list(): readonly PluginMeta[] };
  experiments: ExperimentsReader;
  /** Model bytes by key (an `ArtifactStore`). */
  artifacts: { get(key: string): Promise<{ info: { size: number; contentType: string }; body: NodeJS.ReadableStream }> };
}

export interface AppDeps {
  clickstream: ClickstreamService;
  /** Without it the fine-tuning, experiments and models routes are not mounted. */
  fineTuning?: FineTuningDeps;
  /** Without it the collections, search and deployment routes are not mounted. */
  search?: SearchServices;
  /** Largest item upload body in bytes. @defaultValue 16 MiB */
  itemsBodyLimitBytes?: number;
  /** Without it the import and reindex routes are not mounted. */
  indexing?: IndexingApi;
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
  if (deps.search) app.use(`${API_PREFIX}/collections/:name/items`, itemsBodyParsers({ itemsBodyLimitBytes: deps.itemsBodyLimitBytes ?? 16 * 1024 * 1024 }));
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
  if (deps.fineTuning) {
    const { methods } = deps.fineTuning;
    api.get('/fine-tuning/methods', (_req, res) => {
      res.json(methods.list());
    });
    api.use('/fine-tuning', fineTuningRoutes(deps.fineTuning.tasks));
    const { artifacts } = deps.fineTuning;
    api.use(
      experimentsRoutes({
        tracker: deps.fineTuning.experiments,
        artifacts: {
          get: async (key) => {
            const { info, body } = await artifacts.get(key);
            return { body, size: info.size, contentType: info.contentType };
          },
        },
      }),
    );
  }

  if (deps.search) api.use(searchRoutes(deps.search));
  if (deps.indexing) api.use(indexingRoutes(deps.indexing));

  app.use(API_PREFIX, api);
  app.use(notFound);
  app.use(errorHandler({ exposeStack: deps.exposeErrorStacks ?? false }));
  return app;
}
