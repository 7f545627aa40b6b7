// Composition root of the fine-tuning worker: settings, connections, the platform, the job queue.
import 'reflect-metadata';
import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { describeConfig, loadConfigOrExit } from '@embedding-studio/config';
import { openFineTuningPlatform, readEnvironment } from '@embedding-studio/fine-tuning-runtime';
import { startFineTuningWorker } from '@embedding-studio/fine-tuning-worker/agenda';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createLogger, type LogLevel } from '@embedding-studio/observability';
import { hostname } from 'node:os';
import { WorkerEnv } from './config/worker-env.js';

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
    clickstream: { service: clickstream },
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
  await platform.agenda.start();
  logger.info('worker ready', { owner: worker.owner, methods: platform.methods.names() });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('draining', { signal, timeoutMs: config.WORKER_DRAIN_TIMEOUT_MS });
    worker
      .drain(config.WORKER_DRAIN_TIMEOUT_MS)
      .then(({ interrupted }) => logger.info('drained', { interrupted }))
      .then(() => platform.agenda.stop())
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
