import { resolve } from 'node:path';
import type { ArtifactStore } from '@embedding-studio/artifact-store';
import { createFsArtifactStore } from '@embedding-studio/artifact-store';
import { createS3ArtifactStore } from '@embedding-studio/artifact-store-s3';
import { createMongoExperimentsStore } from '@embedding-studio/experiments-tracker-mongo';
import { createExperimentsTracker, type ExperimentsStore, type ExperimentsTracker, type ModelArtifactSink } from '@embedding-studio/experiments-tracker';
import { createMlflowExperimentsStore, createMlflowModelArtifacts } from '@embedding-studio/experiments-tracker-mlflow';
import { createAgendaTaskScheduler, createFineTuningAgenda, type AgendaTaskScheduler } from '@embedding-studio/fine-tuning-worker/agenda';
import { loadFineTuningMethods, type MethodRegistry, type PluginLoadFailure } from '@embedding-studio/fine-tuning-plugins';
import { createFineTuningTaskService, type FineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';
import { createMongoTaskStore } from '@embedding-studio/fine-tuning-tasks-mongo';
import type { MongoConnection } from '@embedding-studio/mongo';
import type { Logger } from '@embedding-studio/observability';
import type { FineTuningEnv } from './fine-tuning-env.js';

export interface OpenFineTuningPlatformOptions {
  env: FineTuningEnv;
  mongo: MongoConnection;
  logger: Logger;
  /** Name of this process on the job queue (e.g. `api@host:pid`). */
  processName: string;
}

/** Everything fine-tuning needs, wired on one MongoDB: the apps' shared composition. */
export interface FineTuningPlatform {
  readonly tasks: FineTuningTaskService;
  readonly tracker: ExperimentsTracker;
  readonly artifacts: ArtifactStore;
  readonly methods: MethodRegistry;
  readonly pluginFailures: readonly PluginLoadFailure[];
  readonly agenda: ReturnType<typeof createFineTuningAgenda>;
  readonly scheduler: AgendaTaskScheduler;
}

/** The artifact store the settings name (a folder, or an S3 bucket created on first use). */
export function openArtifactStore(env: FineTuningEnv): ArtifactStore {
  if (env.ARTIFACTS_BACKEND === 's3') {
    return createS3ArtifactStore({
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      createBucket: true,
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
      ...(env.S3_PREFIX ? { prefix: env.S3_PREFIX } : {}),
      ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
      ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
    });
  }
  return createFsArtifactStore({ root: resolve(env.ARTIFACTS_DIR) });
}

/**
 * The experiments store the settings name: MongoDB (default) or an MLflow tracking server, whose
 * runs then also get a copy of the model bytes (the artifact store keeps and serves them).
 */
export async function openExperiments(env: FineTuningEnv, mongo: MongoConnection, artifacts: ArtifactStore): Promise<{ store: ExperimentsStore; artifacts: ModelArtifactSink }> {
  if (env.EXPERIMENTS_TRACKER === 'mlflow') {
    const mlflow = { trackingUri: env.MLFLOW_TRACKING_URI ?? '', namespace: env.MLFLOW_NAMESPACE };
    return { store: createMlflowExperimentsStore(mlflow), artifacts: createMlflowModelArtifacts({ ...mlflow, artifacts }) };
  }
  return { store: await createMongoExperimentsStore({ connection: mongo.connection }), artifacts };
}

/**
 * Opens the fine-tuning services: plugins (a broken plugin is logged with its path and left out),
 * the artifact store, the experiments tracker (on Mongo or MLflow) and the task service on Mongo, and the Agenda
 * queue the task service schedules runs on. Does not start processing jobs (the worker does).
 */
export async function openFineTuningPlatform(options: OpenFineTuningPlatformOptions): Promise<FineTuningPlatform> {
  const { env, mongo, logger } = options;
  const { registry: methods, failures } = await loadFineTuningMethods({ dir: resolve(env.ES_PLUGINS_PATH), logger: logger.child({ lib: 'plugins' }) });
  for (const f of failures) logger.error('plugin left out', { path: f.path, error: f.error.message });
  logger.info('plugins loaded', { methods: methods.names(), failed: failures.length });

  const artifacts = openArtifactStore(env);
  const tracker = createExperimentsTracker(await openExperiments(env, mongo, artifacts));
  logger.info('experiments store', { backend: env.EXPERIMENTS_TRACKER, ...(env.EXPERIMENTS_TRACKER === 'mlflow' ? { tracking_uri: env.MLFLOW_TRACKING_URI } : {}) });
  const db = mongo.connection.db;
  if (!db) throw new Error('The MongoDB connection has no database handle; open it with createMongoConnection() first.');
  const agenda = createFineTuningAgenda({ db, name: options.processName, processEveryMs: env.QUEUE_POLL_MS });
  await agenda.ready;
  const scheduler = createAgendaTaskScheduler(agenda);
  const tasks = createFineTuningTaskService({
    store: await createMongoTaskStore({ connection: mongo.connection }),
    scheduler,
    methods,
    logger: logger.child({ lib: 'fine-tuning-tasks' }),
  });
  return { tasks, tracker, artifacts, methods, pluginFailures: failures, agenda, scheduler };
}
