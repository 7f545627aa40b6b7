import 'reflect-metadata';
import { hostname } from 'node:os';
import { createApiKeyService } from '@embedding-studio/api-keys';
import { createMongoApiKeyStore } from '@embedding-studio/api-keys-mongo';
import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { describeConfig, loadConfigOrExit } from '@embedding-studio/config';
import { openFineTuningPlatform, readEnvironment } from '@embedding-studio/fine-tuning-runtime';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createLogger, type LogLevel } from '@embedding-studio/observability';
import { createDualWriteWrapper, indexingSettingsFrom, openIndexingPlatform } from '@embedding-studio/search-indexing-runtime';
import { createApp } from './app.js';
import { createAutoDeployer } from '@embedding-studio/search-core';
import { createMongoFeedbackStore } from '@embedding-studio/search-feedback-mongo';
import { feedbackReranker, withFeedbackCapture } from './search/feedback.js';
import { createQualityFolder } from '@embedding-studio/search-quality';
import { createMongoQualityStore } from '@embedding-studio/search-quality-mongo';
import { qualityMetricsOver, withQualityCapture } from './search/quality.js';
import { openSearch } from './search/open-search.js';
import { ApiEnv } from './config/api-env.js';

/** Runs `task` every `ms` (never two at once; 0 = never); the timer does not keep the process alive. */
function every(ms: number, task: () => Promise<void>): NodeJS.Timeout | undefined {
  if (ms <= 0) return undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void task().finally(() => (running = false));
  }, ms);
  timer.unref();
  return timer;
}

/** How often running comparisons are credited (each round reads their sessions once). */
const COMPARISON_SETTLE_EVERY_MS = 30_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit(ApiEnv, readEnvironment());
  const logger = createLogger({ level: config.LOG_LEVEL as LogLevel, pretty: config.LOG_PRETTY, base: { service: 'api' } });
  logger.info('starting', { config: describeConfig(config) });

  const mongo = await createMongoConnection({ url: config.MONGO_URL, dbName: config.MONGO_DB_NAME, logger });
  const store = await createMongoClickstreamStore({ connection: mongo.connection, logger });
  const clickstream = createClickstreamService({
    store,
    limits: {
      timeMaxDeltaMinusSec: config.CLICKSTREAM_TIME_MAX_DELTA_MINUS_SEC,
      timeMaxDeltaPlusSec: config.CLICKSTREAM_TIME_MAX_DELTA_PLUS_SEC,
      checkTimestamps: config.CLICKSTREAM_CHECK_TIMESTAMPS,
      maxResultsPerSession: config.CLICKSTREAM_MAX_RESULTS_PER_SESSION,
      maxEventsPerRequest: config.CLICKSTREAM_MAX_EVENTS_PER_REQUEST,
      maxMetaBytes: config.CLICKSTREAM_MAX_META_BYTES,
    },
  });
  // Sessions of searches with feedback on feed the feedback store once their writes are durable.
  const feedbackStore = await createMongoFeedbackStore({ connection: mongo.connection });
  const quality = await createMongoQualityStore({ connection: mongo.connection });
  // Every durable session write is also logged for the quality rollups.
  const clickstreamWithFeedback = withQualityCapture(withFeedbackCapture(clickstream, { store: feedbackStore, sessions: store, logger }), { log: quality.log, sessions: store });
  // The API enqueues fine-tuning runs on the shared Agenda queue but never processes them.
  const platform = await openFineTuningPlatform({ env: config, mongo, logger, processName: `api@${hostname()}:${process.pid}` });
  const keys =
    config.ES_AUTH === 'off'
      ? 'off'
      : createApiKeyService({
          store: await createMongoApiKeyStore({ connection: mongo.connection }),
          cacheTtlMs: config.API_KEY_CACHE_TTL_MS,
          ...(config.ES_BOOTSTRAP_ADMIN_KEY === undefined ? {} : { bootstrapAdminKey: config.ES_BOOTSTRAP_ADMIN_KEY }),
        });
  if (keys === 'off') {
    logger.warn('AUTH IS OFF (ES_AUTH=off): every route is open to anyone who reaches this port; use it on a trusted machine only');
  } else if (config.ES_BOOTSTRAP_ADMIN_KEY === undefined) {
    logger.info('auth is on: create a key with `npx nx run api:keys -- create --scope admin` (or set ES_BOOTSTRAP_ADMIN_KEY)');
  }
  // Item writes go through a wrapper that also writes to a version a reindex is building.
  const wrapIndex = await createDualWriteWrapper(mongo.connection);
  const search = await openSearch({
    config,
    mongo,
    clickstream: clickstreamWithFeedback,
    artifacts: platform.artifacts,
    experiments: platform.tracker,
    reranker: feedbackReranker(feedbackStore),
    wrapIndex,
    comparisons: true,
  });
  const indexing = await openIndexingPlatform({ connection: mongo.connection, agenda: platform.agenda, search: search.parts, settings: indexingSettingsFrom(config), logger });
  const app = createApp({
    clickstream: clickstreamWithFeedback,
    access: {
      auth: keys,
      perAddress: { perSecond: config.API_RATE_LIMIT_ADDRESS_PER_SEC, burst: config.API_RATE_LIMIT_ADDRESS_BURST },
      perKey: { perSecond: config.API_RATE_LIMIT_KEY_PER_SEC, burst: config.API_RATE_LIMIT_KEY_BURST },
      corsOrigins: config.API_CORS_ORIGINS,
      bodyTimeoutMs: config.API_BODY_TIMEOUT_MS,
    },
    search: search.services,
    indexing: indexing.api,
    metrics: qualityMetricsOver(quality.rollups, search.services),
    ...(search.comparisons ? { comparisons: search.comparisons } : {}),
    itemsBodyLimitBytes: config.SEARCH_ITEMS_BODY_LIMIT_BYTES,
    fineTuning: { tasks: platform.tasks, methods: platform.methods, experiments: platform.tracker, artifacts: platform.artifacts },
    ready: () => mongo.ping(),
    logger,
    bodyLimitBytes: config.API_BODY_LIMIT_BYTES,
    dashboardDir: config.DASHBOARD_DIR,
  });
  // Deploys the best model of each done task whose metadata asks for it, when it passes the gate.
  const autoDeployer = createAutoDeployer({ listDoneTasks: () => platform.tasks.list({ status: 'done', limit: 50 }), deployments: search.services.deployments });
  const autoDeployTimer = every(config.SEARCH_AUTO_DEPLOY_EVERY_MS, async () => {
    try {
      (await autoDeployer.runOnce()).forEach((o) => logger.info('auto-deploy', { ...o }));
    } catch (error) {
      logger.warn('auto-deploy round failed', { error: String(error) });
    }
  });
  // Folds the logged session writes into the quality rollups; the lease lets one API process fold at a time.
  const folder = createQualityFolder({ ...quality, owner: `api@${hostname()}:${process.pid}` });
  const foldTimer = every(config.METRICS_FOLD_EVERY_MS, async () => {
    try {
      const r = await folder.runOnce();
      if (r.entries > 0) logger.debug('quality rollups folded', { ...r });
    } catch (error) {
      logger.warn('quality fold failed', { error: String(error) });
    }
  });
  // Credits running comparisons, so the stopping rule ends them (and their traffic) without a read.
  const { comparisons } = search;
  const settleTimer = comparisons
    ? every(COMPARISON_SETTLE_EVERY_MS, async () => {
        try {
          (await comparisons.settle()).filter((c) => c.status === 'decided').forEach((c) => logger.info('comparison decided', { id: c.id, decision: c.decision, queries: c.queries }));
        } catch (error) {
          logger.warn('comparison settle round failed', { error: String(error) });
        }
      })
    : undefined;
  const server = app.listen(config.API_PORT, config.API_HOST, () => {
    logger.info('listening', { url: `http://${config.API_HOST}:${config.API_PORT}/api/v1`, dashboard: `http://${config.API_HOST}:${config.API_PORT}/dashboard/`, auth: config.ES_AUTH });
  });
  // Node waits 300 s for a slow request by default; these end it sooner.
  server.headersTimeout = Math.min(config.API_HEADERS_TIMEOUT_MS, config.API_REQUEST_TIMEOUT_MS);
  server.requestTimeout = config.API_REQUEST_TIMEOUT_MS;

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    if (autoDeployTimer) clearInterval(autoDeployTimer);
    if (foldTimer) clearInterval(foldTimer);
    if (settleTimer) clearInterval(settleTimer);
    server.close(() => {
      search
        .close()
        .catch((error: unknown) => logger.error('closing the vector index failed', { error: String(error) }))
        .then(() => mongo.close())
        .catch((error: unknown) => logger.error('closing MongoDB failed', { error: String(error) }))
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('api failed to start:', error);
  process.exit(1);
});
