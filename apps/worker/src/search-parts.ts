// The search parts the worker's imports and reindexes use: the same catalog, engine folder and
// encoders as the API, and query adapters from the artifact store.
import { resolve } from 'node:path';
import type { ArtifactStore } from '@embedding-studio/artifact-store';
import { decodeModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import type { MongoConnection } from '@embedding-studio/mongo';
import { createArtifactQueryAdapterLoader } from '@embedding-studio/search-core';
import { createOnnxEncoderProvider, type SearchParts } from '@embedding-studio/search-indexing-runtime';
import { createMongoCatalogStore } from '@embedding-studio/search-mongo';
import { createMemoryVectorIndex, type VectorIndex } from '@embedding-studio/vector-index';
import { createLanceDbVectorIndex } from '@embedding-studio/vector-index-lancedb';
import { createMongoAliasRegistry } from '@embedding-studio/vector-index-mongo';
import { createWeaviateVectorIndex } from '@embedding-studio/vector-index-weaviate';

export interface WorkerSearchConfig {
  VECTOR_ENGINE: string;
  VECTOR_DATA_DIR: string;
  /** Required when VECTOR_ENGINE is `weaviate` (validated at start-up). */
  WEAVIATE_URL?: string | undefined;
  WEAVIATE_GRPC_PORT?: number | undefined;
  ES_MODELS_CACHE_DIR?: string | undefined;
}

export interface WorkerSearch {
  parts: SearchParts;
  index: VectorIndex;
  close(): Promise<void>;
}

/** The vector engine named by `VECTOR_ENGINE`, the same one the API opens. */
async function openEngine(config: WorkerSearchConfig, mongo: MongoConnection): Promise<VectorIndex> {
  switch (config.VECTOR_ENGINE) {
    case 'memory':
      return createMemoryVectorIndex();
    case 'weaviate': {
      const url = new URL(config.WEAVIATE_URL ?? '');
      return createWeaviateVectorIndex({ host: url.hostname, port: Number(url.port), grpcPort: config.WEAVIATE_GRPC_PORT ?? 0 });
    }
    default:
      return createLanceDbVectorIndex({ uri: resolve(config.VECTOR_DATA_DIR), aliases: await createMongoAliasRegistry({ connection: mongo.connection }) });
  }
}

export async function openWorkerSearch(config: WorkerSearchConfig, mongo: MongoConnection, artifacts: Pick<ArtifactStore, 'read'>): Promise<WorkerSearch> {
  const index = await openEngine(config, mongo);
  const encoders = createOnnxEncoderProvider({ modelsCache: config.ES_MODELS_CACHE_DIR });
  return {
    parts: {
      catalog: await createMongoCatalogStore({ connection: mongo.connection }),
      encoders,
      adapters: createArtifactQueryAdapterLoader({ read: async (key) => decodeModelArtifact(await artifacts.read(key)) }),
    },
    index,
    async close() {
      await index.close();
      await encoders.dispose();
    },
  };
}
