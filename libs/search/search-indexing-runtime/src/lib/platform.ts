import type { ClickstreamStore } from '@embedding-studio/clickstream-core';
import { systemClock } from '@embedding-studio/primitives';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import { SearchCollectionNotFoundError, type EncoderProvider, type QueryAdapterLoader, type SearchCatalogStore } from '@embedding-studio/search-core';
import {
  createDualWriteIndex,
  createIndexingJobService,
  createIndexingRunner,
  IndexingSourceRefusedError,
  openLocalJsonlSource,
  parseImportRequest,
  parseReindexRequest,
  runReindex,
  type BuildRegistry,
  type ImportSource,
  type IndexingJobService,
  type IndexingJobView,
  type JsonlSource,
  type ProgressStore,
  type ReindexCatalog,
  type ReindexEncoders,
} from '@embedding-studio/search-indexing';
import {
  createAgendaIndexingScheduler,
  createMongoIndexingStores,
  registerIndexingJobs,
  type IndexingJobsHandle,
  type IndexingQueue,
  type MongoIndexingStoresOptions,
} from '@embedding-studio/search-indexing-mongo';
import { createS3ImportClient, openS3JsonlSource, type S3ImportOptions, type S3SendClient } from '@embedding-studio/search-indexing-s3';
import type { VectorIndex } from '@embedding-studio/vector-index';
import { createClickstreamClickedQueries, createSearchImportTargets, createSearchReindexCatalog, createSearchReindexEncoders } from './search-ports.js';

export interface IndexingSettings {
  /** Folder that local JSONL imports are confined to; unset refuses local imports. */
  importRoot?: string | undefined;
  /** S3 reads for imports; without buckets, S3 imports are refused. */
  s3?: S3ImportOptions | undefined;
}

/** The environment variables {@link indexingSettingsFrom} reads (validated by the apps). */
export interface IndexingEnvLike {
  IMPORT_ROOT?: string | undefined;
  IMPORT_S3_BUCKETS: string;
  S3_ENDPOINT?: string | undefined;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
  S3_FORCE_PATH_STYLE: boolean;
}

/** Indexing settings from validated app config: the import root and the S3 buckets with the S3_* connection. */
export function indexingSettingsFrom(env: IndexingEnvLike): IndexingSettings {
  const buckets = env.IMPORT_S3_BUCKETS.split(',').map((b) => b.trim()).filter(Boolean);
  return {
    ...(env.IMPORT_ROOT ? { importRoot: env.IMPORT_ROOT } : {}),
    ...(buckets.length > 0
      ? {
          s3: {
            region: env.S3_REGION,
            forcePathStyle: env.S3_FORCE_PATH_STYLE,
            buckets,
            ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT } : {}),
            ...(env.S3_ACCESS_KEY_ID ? { accessKeyId: env.S3_ACCESS_KEY_ID } : {}),
            ...(env.S3_SECRET_ACCESS_KEY ? { secretAccessKey: env.S3_SECRET_ACCESS_KEY } : {}),
          },
        }
      : {}),
  };
}

/** What the indexing routes call. */
export interface IndexingApi {
  /** Validates the body, the collection and the source, then stores and queues the import. */
  createImport(collection: string, body: unknown): Promise<IndexingJobView>;
  /** Validates the body and the collection, then stores and queues a blue/green reindex. */
  createReindex(collection: string, body: unknown): Promise<IndexingJobView>;
  get(id: string): Promise<IndexingJobView>;
}

export interface SearchParts {
  catalog: SearchCatalogStore;
  encoders: EncoderProvider;
  adapters: QueryAdapterLoader;
}

export interface OpenIndexingPlatformOptions {
  connection: MongoIndexingStoresOptions['connection'];
  agenda: IndexingQueue;
  search: SearchParts;
  settings: IndexingSettings;
  logger?: Logger;
  /** S3 client for imports (tests may pass their own). @defaultValue one built from `settings.s3` */
  s3Client?: S3SendClient;
}

/** Indexing on one MongoDB and one queue: the shared composition of the API and the worker. */
export interface IndexingPlatform {
  readonly jobs: IndexingJobService;
  readonly progress: ProgressStore;
  readonly builds: BuildRegistry;
  readonly catalog: ReindexCatalog;
  readonly encoders: ReindexEncoders;
  readonly api: IndexingApi;
  /** Opens the source of an import (checks the import root and the allowed buckets). */
  openSource(source: ImportSource): Promise<JsonlSource>;
  /**
   * The index that item writers (the items API, imports) must use: writes to a version being
   * rebuilt also reach the new version.
   */
  withDualWrites(index: VectorIndex, options?: { cacheMs?: number }): VectorIndex;
}

export async function openIndexingPlatform(options: OpenIndexingPlatformOptions): Promise<IndexingPlatform> {
  const { search, settings } = options;
  const logger = (options.logger ?? noopLogger).child({ lib: 'search-indexing' });
  const stores = await createMongoIndexingStores({ connection: options.connection });
  const scheduler = createAgendaIndexingScheduler(options.agenda);
  const jobs = createIndexingJobService({ store: stores.jobs, progress: stores.progress, scheduler, logger });
  const catalog = createSearchReindexCatalog(search.catalog);
  const encoders = createSearchReindexEncoders(search.encoders, search.adapters);
  const s3 = settings.s3 && settings.s3.buckets.length > 0 ? settings.s3 : undefined;
  const s3Client = options.s3Client ?? (s3 ? createS3ImportClient(s3) : undefined);

  const openSource = async (source: ImportSource): Promise<JsonlSource> => {
    if (source.kind === 'jsonl') {
      if (!settings.importRoot) throw new IndexingSourceRefusedError('source.jsonl_path', 'local imports are off on this server (no import root is configured); import from S3 instead');
      return openLocalJsonlSource({ root: settings.importRoot, path: source.path });
    }
    if (!s3 || !s3Client) throw new IndexingSourceRefusedError('source.s3_prefix', 'S3 imports are off on this server (no import bucket is configured); import a local JSONL path instead');
    return openS3JsonlSource(s3Client, s3, source);
  };
  return {
    jobs,
    progress: stores.progress,
    builds: stores.builds,
    catalog,
    encoders,
    openSource,
    withDualWrites: (index, o = {}) => createDualWriteIndex(index, { builds: stores.builds, catalog, encoders, ...(o.cacheMs !== undefined ? { cacheMs: o.cacheMs } : {}) }),
    api: createIndexingApi({ jobs, catalog: search.catalog, encoders: encoders.names(), openSource }),
  };
}

/**
 * What a process that writes items through search-core (the API) needs before its search
 * services exist: a wrapper that makes the index dual-write into versions being rebuilt.
 */
export async function createDualWriteWrapper(connection: MongoIndexingStoresOptions['connection'], options: { cacheMs?: number } = {}): Promise<(index: VectorIndex, parts: SearchParts) => VectorIndex> {
  const { builds } = await createMongoIndexingStores({ connection });
  return (index, parts) =>
    createDualWriteIndex(index, {
      builds,
      catalog: createSearchReindexCatalog(parts.catalog),
      encoders: createSearchReindexEncoders(parts.encoders, parts.adapters),
      ...(options.cacheMs !== undefined ? { cacheMs: options.cacheMs } : {}),
    });
}

export interface IndexingApiOptions {
  jobs: IndexingJobService;
  catalog: Pick<SearchCatalogStore, 'getCollection'>;
  /** Encoders a reindex may name. */
  encoders: readonly string[];
  openSource(source: ImportSource): Promise<JsonlSource>;
}

/** The route-facing use cases: validate the body, then the collection, then the source; then store and queue. */
export function createIndexingApi(options: IndexingApiOptions): IndexingApi {
  const { jobs, catalog } = options;
  const requireCollection = async (name: string): Promise<void> => {
    if (!(await catalog.getCollection(name))) throw new SearchCollectionNotFoundError(name);
  };
  return {
    async createImport(collection, body) {
      const spec = parseImportRequest(body);
      await requireCollection(collection);
      await options.openSource(spec.source);
      return jobs.createImport(collection, spec);
    },
    async createReindex(collection, body) {
      const spec = parseReindexRequest(body, options.encoders);
      await requireCollection(collection);
      return jobs.createReindex(collection, spec);
    },
    get: (id) => jobs.get(id),
  };
}

export interface IndexingWorkerSettings {
  owner: string;
  /** @defaultValue 60 000 */
  leaseMs?: number;
  /** Jobs run at once by this process. @defaultValue 1 */
  concurrency?: number;
  /** @defaultValue '1 minute' */
  sweepEvery?: string;
  /** @defaultValue 5000 */
  retryBaseMs?: number;
  /** @defaultValue 3 */
  maxAttempts?: number;
  /** Units an import reads at once. @defaultValue 4 */
  readConcurrency?: number;
  /** Wait between recording a build and copying, longer than writers' build cache. @defaultValue 3000 */
  settleMs?: number;
}

export interface StartIndexingWorkerOptions {
  platform: IndexingPlatform;
  agenda: IndexingQueue;
  search: SearchParts;
  /** The engine (not wrapped: the worker wraps it for imports itself). */
  index: VectorIndex;
  clickstream?: ClickstreamStore;
  settings: IndexingWorkerSettings;
  logger: Logger;
}

/** Registers the indexing jobs on the queue; call `agenda.start()` afterwards. */
export async function startIndexingWorker(options: StartIndexingWorkerOptions): Promise<IndexingJobsHandle> {
  const { platform, settings, logger } = options;
  const leaseMs = settings.leaseMs ?? 60_000;
  const writes = platform.withDualWrites(options.index);
  const targets = createSearchImportTargets({ catalog: options.search.catalog, index: writes, encoders: options.search.encoders });
  const clicks = options.clickstream ? createClickstreamClickedQueries(options.clickstream) : undefined;
  const run = createIndexingRunner({
    jobs: platform.jobs,
    progress: platform.progress,
    owner: settings.owner,
    leaseMs,
    ...(settings.maxAttempts !== undefined ? { maxAttempts: settings.maxAttempts } : {}),
    ...(settings.retryBaseMs !== undefined ? { retryBaseMs: settings.retryBaseMs } : {}),
    ...(settings.readConcurrency !== undefined ? { readConcurrency: settings.readConcurrency } : {}),
    logger,
    async openImport(job) {
      if (!job.import) throw new Error(`job ${job.id} is not an import`);
      return { source: await platform.openSource(job.import.source), target: await targets(job.collection) };
    },
    runReindex: (job, ctx) =>
      runReindex(job, ctx, {
        index: options.index,
        catalog: platform.catalog,
        encoders: platform.encoders,
        builds: platform.builds,
        progress: platform.progress,
        ...(clicks ? { clicks } : {}),
        clock: systemClock,
        ...(settings.settleMs !== undefined ? { settleMs: settings.settleMs } : {}),
      }),
  });
  return registerIndexingJobs(options.agenda, {
    run,
    recoverable: () => platform.jobs.findRecoverable(),
    scheduler: createAgendaIndexingScheduler(options.agenda),
    logger,
    ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
    lockLifetimeMs: Math.max(leaseMs * 2, 60_000),
    ...(settings.sweepEvery !== undefined ? { sweepEvery: settings.sweepEvery } : {}),
  });
}
