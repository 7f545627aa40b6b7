// Composition root of the fine-tuning worker: settings, connections, the platform, the job queue.
import 'reflect-metadata';
import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { describeConfig, loadConfigOrExit } from '@embedding-studio/config';
import { openFineTuningPlatform, readEnvironment, startFineTuningWorker } from '@embedding-studio/fine-tuning-runtime';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createLogger, type LogLevel } from '@embedding-studio/observability';
import { hostname } from 'node:os';
import { indexingSettingsFrom, openIndexingPlatform, startIndexingWorker } from '@embedding-studio/search-indexing-runtime';
import { WorkerEnv } from './config/worker-env.js';
import { openWorkerSearch } from './search-parts.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit(WorkerEnv, readEnvironment());
  const logger = createLogger({ level: config.LOG_LEVEL as LogLevel, pretty: config.LOG_PRETTY, base: { service: 'worker' } });
  logger.info('starting', { config: describeConfig(config) });

  const mongo = await createMongoConnection({ url: config.MONGO_URL, dbName: config.MONGO_DB_NAME, logger });
  const store = await createMongoClickstreamStore({ connection: mongo.connection, logger });
  const clickstream = createClickstreamService({ store });
  const platform = await openFineTuningPlatform({ env: config, mongo, logger, processName: `worker@${hostname()}:${process.pid}` });
  const worker = await startFineTuningWorker({
    platform,
    clickstream: { service: clickstream, store },
    logger,
    settings: {
      leaseMs: config.WORKER_LEASE_MS,
      concurrency: config.WORKER_CONCURRENCY,
      sweepEvery: config.WORKER_SWEEP_EVERY,
      retryBaseMs: config.WORKER_RETRY_BASE_MS,
      maxAttempts: config.WORKER_MAX_ATTEMPTS,
      backend: config.TFJS_BACKEND,
      publicApiUrl: config.PUBLIC_API_URL,
    },
  });
  // Imports and blue/green reindexes run on the same queue.
  const search = await openWorkerSearch(config, mongo, platform.artifacts);
  const indexing = await openIndexingPlatform({ connection: mongo.connection, agenda: platform.agenda, search: search.parts, settings: indexingSettingsFrom(config), logger });
  const indexingJobs = await startIndexingWorker({
    platform: indexing,
    agenda: platform.agenda,
    search: search.parts,
    index: search.index,
    clickstream: store,
    logger: logger.child({ jobs: 'search-indexing' }),
    settings: {
      owner: worker.owner,
      leaseMs: config.WORKER_LEASE_MS,
      concurrency: config.INDEXING_CONCURRENCY,
      sweepEvery: config.WORKER_SWEEP_EVERY,
      retryBaseMs: config.WORKER_RETRY_BASE_MS,
      maxAttempts: config.WORKER_MAX_ATTEMPTS,
      readConcurrency: config.INDEXING_READ_CONCURRENCY,
      settleMs: config.INDEXING_SETTLE_MS,
    },
  });
  await platform.agenda.start();
  logger.info('worker ready', { owner: worker.owner, methods: platform.methods.names() });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('draining', { signal, timeoutMs: config.WORKER_DRAIN_TIMEOUT_MS });
    worker
      .drain(config.WORKER_DRAIN_TIMEOUT_MS)
      .then(async ({ interrupted }) => {
        // Imports and reindexes still running hand their jobs back; the next run resumes from their checkpoints.
        const indexingRunning = indexingJobs.running();
        indexingJobs.interrupt('worker shutting down');
        const end = Date.now() + 10_000;
        while (indexingJobs.running() > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
        logger.info('drained', { interrupted, indexingInterrupted: indexingRunning });
      })
      .then(() => platform.agenda.stop())
      .then(() => search.close())
      .then(() => mongo.close())
      .catch((error: unknown) => logger.error('shutdown failed', { error: String(error) }))
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(1), config.WORKER_DRAIN_TIMEOUT_MS + 20_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('worker failed to start:', error);
  process.exit(1);
});
