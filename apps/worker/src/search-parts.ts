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

export interface WorkerSearchConfig {
  VECTOR_ENGINE: string;
  VECTOR_DATA_DIR: string;
  ES_MODELS_CACHE_DIR?: string | undefined;
}

export interface WorkerSearch {
  parts: SearchParts;
  index: VectorIndex;
  close(): Promise<void>;
}

export async function openWorkerSearch(config: WorkerSearchConfig, mongo: MongoConnection, artifacts: Pick<ArtifactStore, 'read'>): Promise<WorkerSearch> {
  const index =
    config.VECTOR_ENGINE === 'memory'
      ? createMemoryVectorIndex()
      : await createLanceDbVectorIndex({ uri: resolve(config.VECTOR_DATA_DIR), aliases: await createMongoAliasRegistry({ connection: mongo.connection }) });
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
