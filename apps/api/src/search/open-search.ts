// Composition of the search services for the API process: catalog on MongoDB, the configured
// vector engine, ONNX encoders from the models cache, adapters from the artifact store, sessions
// through the clickstream service.
import { resolve } from 'node:path';
import type { ClickstreamService } from '@embedding-studio/clickstream-core';
import type { ArtifactStore } from '@embedding-studio/artifact-store';
import { hasErrorCode } from '@embedding-studio/errors';
import type { ExperimentsReader } from '@embedding-studio/experiments-tracker';
import { decodeModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import type { MongoConnection } from '@embedding-studio/mongo';
import { createArtifactQueryAdapterLoader, createSearchServices, type DeployableModelSource, type EncoderProvider, type SearchReranker, type SearchServices } from '@embedding-studio/search-core';
import { createAdapterCandidateRanker, createComparisonService, createComparisonTraffic, type ComparisonService } from '@embedding-studio/search-comparison';
import { createMongoComparisonStore, createMongoSearchLog } from '@embedding-studio/search-comparison-mongo';
import { createOnnxEncoderProvider, type SearchParts } from '@embedding-studio/search-indexing-runtime';
import { createMongoCatalogStore } from '@embedding-studio/search-mongo';
import { createMemoryVectorIndex, type VectorIndex } from '@embedding-studio/vector-index';
import { createLanceDbVectorIndex } from '@embedding-studio/vector-index-lancedb';
import { createMongoAliasRegistry } from '@embedding-studio/vector-index-mongo';
import { createWeaviateVectorIndex } from '@embedding-studio/vector-index-weaviate';
import { clickstreamSessionRecorder } from './clickstream-session-recorder.js';

export interface SearchConfig {
  VECTOR_ENGINE: string;
  VECTOR_DATA_DIR: string;
  /** Required when VECTOR_ENGINE is `weaviate` (validated at start-up). */
  WEAVIATE_URL?: string | undefined;
  WEAVIATE_GRPC_PORT?: number | undefined;
  SEARCH_PROFILE_CACHE_MS: number;
  SEARCH_MAX_ITEMS_PER_REQUEST: number;
  ES_MODELS_CACHE_DIR?: string | undefined;
}

export interface OpenSearchOptions {
  config: SearchConfig;
  mongo: MongoConnection;
  clickstream: ClickstreamService;
  artifacts: Pick<ArtifactStore, 'read'>;
  experiments: Pick<ExperimentsReader, 'getModel'>;
  /** An index to use instead of the configured engine (tests). */
  index?: VectorIndex;
  /** Query-time reranking of collections with feedback on (the feedback layer); off when absent. */
  reranker?: SearchReranker;
  /** Wraps the index the services write items through (dual writes during a reindex). */
  wrapIndex?: (index: VectorIndex, parts: SearchParts) => VectorIndex;
  /** Online comparisons (interleaving, A/B) on MongoDB; off when false. @defaultValue false */
  comparisons?: boolean;
}

export interface OpenedSearch {
  services: SearchServices;
  index: VectorIndex;
  /** The catalog, encoders and adapter loader the services use (imports and reindexes share them). */
  parts: SearchParts;
  /** The comparison routes' behaviour, when `comparisons` was asked for. */
  comparisons?: ComparisonService;
  close(): Promise<void>;
}

/** The vector engine named by `VECTOR_ENGINE`. */
export async function openVectorIndex(config: Pick<SearchConfig, 'VECTOR_ENGINE' | 'VECTOR_DATA_DIR' | 'WEAVIATE_URL' | 'WEAVIATE_GRPC_PORT'>, mongo: MongoConnection): Promise<VectorIndex> {
  if (config.VECTOR_ENGINE === 'memory') return createMemoryVectorIndex();
  if (config.VECTOR_ENGINE === 'weaviate') {
    // Weaviate keeps its own aliases, so every process that reads them agrees.
    const url = new URL(config.WEAVIATE_URL ?? '');
    return createWeaviateVectorIndex({ host: url.hostname, port: Number(url.port), grpcPort: config.WEAVIATE_GRPC_PORT ?? 0 });
  }
  return createLanceDbVectorIndex({ uri: resolve(config.VECTOR_DATA_DIR), aliases: await createMongoAliasRegistry({ connection: mongo.connection }) });
}

/** ONNX encoders of the models cache (and their variants for reindexes), opened once each on first use. */
export function onnxEncoderProvider(modelsCache: string | undefined): EncoderProvider & { dispose(): Promise<void> } {
  return createOnnxEncoderProvider({ modelsCache });
}

export async function openSearch(options: OpenSearchOptions): Promise<OpenedSearch> {
  const { config, mongo, clickstream, artifacts, experiments } = options;
  const index = options.index ?? (await openVectorIndex(config, mongo));
  const encoders = onnxEncoderProvider(config.ES_MODELS_CACHE_DIR);
  const parts: SearchParts = {
    catalog: await createMongoCatalogStore({ connection: mongo.connection }),
    encoders,
    adapters: createArtifactQueryAdapterLoader({ read: async (key) => decodeModelArtifact(await artifacts.read(key)) }),
  };
  const models: DeployableModelSource = {
    async get(id) {
      const model = await experiments.getModel(id).catch((error: unknown) => {
        if (hasErrorCode(error, 'EXPERIMENTS_TRACKER_NOT_FOUND')) return undefined;
        throw error;
      });
      return model && model.status !== 'deleted' ? { model_id: model.id, artifact_key: model.artifact.key, plugin: model.plugin } : undefined;
    },
  };
  const comparisonStore = options.comparisons ? await createMongoComparisonStore({ connection: mongo.connection }) : undefined;
  const services = createSearchServices({
    ...parts,
    index: options.wrapIndex ? options.wrapIndex(index, parts) : index,
    sessions: clickstreamSessionRecorder(clickstream),
    models,
    ...(options.reranker ? { reranker: options.reranker } : {}),
    ...(comparisonStore ? { comparisons: createComparisonTraffic({ store: comparisonStore, cacheMs: config.SEARCH_PROFILE_CACHE_MS }) } : {}),
    limits: { maxItemsPerRequest: config.SEARCH_MAX_ITEMS_PER_REQUEST },
    profileCacheMs: config.SEARCH_PROFILE_CACHE_MS,
  });
  const comparisons = comparisonStore
    ? createComparisonService({
        store: comparisonStore,
        log: createMongoSearchLog({ connection: mongo.connection }),
        ranker: createAdapterCandidateRanker({ ...parts, index, models }),
        catalog: parts.catalog,
      })
    : undefined;
  return {
    services,
    index,
    parts,
    ...(comparisons ? { comparisons } : {}),
    async close() {
      await index.close();
      await encoders.dispose();
    },
  };
}
