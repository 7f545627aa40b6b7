import express, { type Express } from 'express';
import type { ClickstreamService } from '@embedding-studio/clickstream-core';
import type { ExperimentsReader } from '@embedding-studio/experiments-tracker';
import type { PluginMeta } from '@embedding-studio/fine-tuning-plugins';
import type { FineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import type { ApiKeyService } from '@embedding-studio/api-keys';
import { access } from './http/access/access.js';
import { OPENAPI_INFO, buildOpenApiDocument } from './http/access/openapi.js';
import { ROUTES } from './http/access/route-table.js';
import type { BucketLimit } from './http/access/token-bucket.js';
import { bodyTimeout } from './http/middleware/body-timeout.js';
import { errorHandler, notFound, sendError } from './http/middleware/error-handler.js';
import type { SearchServices } from '@embedding-studio/search-core';
import { requestContext } from './http/middleware/request-context.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { clickstreamRoutes } from './http/routes/clickstream.routes.js';
import { docsRoutes } from './http/routes/docs.routes.js';
import { keysRoutes } from './http/routes/keys.routes.js';
import { experimentsRoutes } from './http/routes/experiments.routes.js';
import { fineTuningRoutes } from './http/routes/fine-tuning.routes.js';
import { itemsBodyParsers, searchRoutes } from './http/routes/search.routes.js';
import { indexingRoutes } from './http/routes/indexing.routes.js';
import { dashboardRoutes } from './http/routes/dashboard.routes.js';
import type { ComparisonService } from '@embedding-studio/search-comparison';
import { comparisonRoutes } from './http/routes/comparisons.routes.js';
import type { IndexingApi } from '@embedding-studio/search-indexing-runtime';
import type { QualityMetrics } from '@embedding-studio/search-quality';
import { metricsRoutes } from './http/routes/metrics.routes.js';

/** Fine-tuning services: tasks, the loaded methods, experiments and model downloads. */
export interface FineTuningDeps {
  tasks: FineTuningTaskService;
  methods: { list(): readonly PluginMeta[] };
  experiments: ExperimentsReader;
  /** Model bytes by key (an `ArtifactStore`). */
  artifacts: { get(key: string): Promise<{ info: { size: number; contentType: string }; body: NodeJS.ReadableStream }> };
}

/** Who may call what (see the route table in http/access/route-table.ts). */
export interface AccessDeps {
  /** Checks API keys; `'off'` opens every route (local use only, `ES_AUTH=off`). */
  auth: ApiKeyService | 'off';
  /** Per client address. @defaultValue 1000/s, burst 2000 */
  perAddress?: BucketLimit;
  /** Per API key. @defaultValue 500/s, burst 1000 */
  perKey?: BucketLimit;
  /** Origins allowed to call the search routes from a browser. @defaultValue none */
  corsOrigins?: readonly string[];
  /** A request body must arrive within this time (408 otherwise). @defaultValue 10000 */
  bodyTimeoutMs?: number;
}

export interface AppDeps {
  clickstream: ClickstreamService;
  /** The door: keys, scopes, limits, CORS. Required, so that turning auth off is explicit. */
  access: AccessDeps;
  /** Without it the fine-tuning, experiments and models routes are not mounted. */
  fineTuning?: FineTuningDeps;
  /** Without it the collections, search and deployment routes are not mounted. */
  search?: SearchServices;
  /** Largest item upload body in bytes. @defaultValue 16 MiB */
  itemsBodyLimitBytes?: number;
  /** Without it the import and reindex routes are not mounted. */
  indexing?: IndexingApi;
  /** Without it `GET /metrics/quality` is not mounted. */
  metrics?: QualityMetrics;
  /** Without it the online comparison routes are not mounted. */
  comparisons?: ComparisonService;
  /** Readiness probe of the app's dependencies (e.g. a Mongo ping); throws when not ready. */
  ready?: () => Promise<void>;
  logger?: Logger;
  /** Largest accepted JSON body in bytes. @defaultValue 1 MiB */
  bodyLimitBytes?: number;
  /** Include stack traces in error bodies (development only). @defaultValue false */
  exposeErrorStacks?: boolean;
  /** Folder of the built dashboard, served at `/dashboard`; without it `/dashboard` is not mounted. */
  dashboardDir?: string;
}

export const API_PREFIX = '/api/v1';

/** Builds the Express app. No `listen()`, no environment reads: tests call this directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestContext(deps.logger ?? noopLogger));
  app.use(securityHeaders);
  const errorOptions = { exposeStack: deps.exposeErrorStacks ?? false };
  const { auth } = deps.access;
  app.use(
    API_PREFIX,
    access({
      routes: ROUTES,
      ...(auth === 'off' ? {} : { keys: auth }),
      perAddress: deps.access.perAddress ?? { perSecond: 1000, burst: 2000 },
      perKey: deps.access.perKey ?? { perSecond: 500, burst: 1000 },
      corsOrigins: deps.access.corsOrigins ?? [],
    }),
  );
  app.use(bodyTimeout(deps.access.bodyTimeoutMs ?? 10_000, (error, req, res) => sendError(error, req, res, errorOptions)));
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
  api.use(docsRoutes(buildOpenApiDocument(ROUTES, OPENAPI_INFO)));
  if (auth !== 'off') api.use(keysRoutes(auth));
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
  if (deps.metrics) api.use(metricsRoutes(deps.metrics));
  if (deps.comparisons) api.use(comparisonRoutes(deps.comparisons));

  app.use(API_PREFIX, api);
  if (deps.dashboardDir !== undefined) app.use('/dashboard', dashboardRoutes(deps.dashboardDir));
  app.use(notFound);
  app.use(errorHandler(errorOptions));
  return app;
}
