// The API in-process (createApp) over the real parts: clickstream and search catalog on the
// MongoDB in MONGO_URL, LanceDB in a temporary directory (aliases on MongoDB), the cached
// all-MiniLM-L6-v2 ONNX encoder, and query adapters in the real model bundle format.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import * as tf from '@tensorflow/tfjs';
import { createMemoryArtifactStore } from '@embedding-studio/artifact-store';
import { createClickstreamService, type ClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { ExperimentsTrackerNotFoundError, type ExperimentsReader, type ModelRecord } from '@embedding-studio/experiments-tracker';
import { LinearAdapter, encodeModelArtifact, saveModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { createTestDatabase, type TestDatabase } from '@embedding-studio/mongo/testing';
import type { SearchServices } from '@embedding-studio/search-core';
import { weaviateTestConnectionFromEnv } from '@embedding-studio/vector-index-weaviate/testing';
import { noopLogger } from '@embedding-studio/observability';
import { createMongoFeedbackStore } from '@embedding-studio/search-feedback-mongo';
import { createQualityFolder, type FoldResult } from '@embedding-studio/search-quality';
import { createMongoQualityStore } from '@embedding-studio/search-quality-mongo';
import { qualityMetricsOver, withQualityCapture } from '../../src/search/quality.js';
import { createApp } from '../../src/app.js';
import { feedbackReranker, withFeedbackCapture } from '../../src/search/feedback.js';
import { onnxEncoderProvider, openSearch, openVectorIndex } from '../../src/search/open-search.js';
import { OPEN_ACCESS } from './setup.js';

export interface SearchHarness {
  http: ReturnType<typeof request>;
  services: SearchServices;
  clickstream: ClickstreamService;
  db: TestDatabase;
  /** The item vector of a text under all-MiniLM-L6-v2 (what the engine stores for it). */
  embedItem(text: string): Promise<Float32Array>;
  /** Registers a query-side linear adapter `y = x·W + b` as model `id` in the registry. */
  addAdapterModel(id: string, kernel: Float32Array, bias: Float32Array): Promise<void>;
  /** One pass of the quality rollup fold (the API runs it on a timer). */
  foldQuality(): Promise<FoldResult>;
  close(): Promise<void>;
}

export const DIM = 384;

/** Ten short items on distinct topics: `[id, text]`. */
export const TOPICS = [
  ['apple', 'Apples are sweet fruit that grow on trees in orchards.'],
  ['banana', 'Bananas are long yellow tropical fruit rich in potassium.'],
  ['guitar', 'A guitar is a string instrument played by strumming chords.'],
  ['piano', 'The piano is a keyboard instrument with hammers striking strings.'],
  ['rocket', 'Rockets burn fuel to launch satellites into orbit around the earth.'],
  ['telescope', 'Telescopes collect light to observe distant stars and galaxies.'],
  ['soccer', 'Soccer is a team sport where players kick a ball into a goal.'],
  ['tennis', 'Tennis players hit a ball over a net with rackets.'],
  ['bread', 'Bread is baked from flour, water and yeast in an oven.'],
  ['cheese', 'Cheese is made by curdling milk and ageing the curds.'],
] as const;

export interface SearchApiOptions {
  itemsBodyLimitBytes?: number;
  maxItemsPerRequest?: number;
  /**
   * `weaviate` searches the Weaviate server of WEAVIATE_URL / WEAVIATE_GRPC_PORT (started by
   * `npm run services:up`; the test fails when they are unset). Close drops the engine
   * collections whose names start with `dropPrefix`. @defaultValue 'lancedb'
   */
  engine?: 'lancedb' | 'weaviate';
  dropPrefix?: string;
}

export async function startSearchApi(name: string, options: SearchApiOptions = {}): Promise<SearchHarness> {
  await tf.setBackend('cpu');
  const db = await createTestDatabase(`api_${name}`);
  const dir = await mkdtemp(join(tmpdir(), 'es-search-e2e-'));
  // Wired as in main.ts: sessions of searches with feedback on feed the feedback store.
  const sessionStore = await createMongoClickstreamStore({ connection: db.connection });
  const feedbackStore = await createMongoFeedbackStore({ connection: db.connection });
  const quality = await createMongoQualityStore({ connection: db.connection });
  const clickstream = withQualityCapture(withFeedbackCapture(createClickstreamService({ store: sessionStore }), { store: feedbackStore, sessions: sessionStore, logger: noopLogger }), {
    log: quality.log,
    sessions: sessionStore,
  });
  const artifacts = createMemoryArtifactStore();
  const models = new Map<string, ModelRecord>();
  const experiments: Pick<ExperimentsReader, 'getModel'> = {
    async getModel(id) {
      const m = models.get(id);
      if (!m) throw new ExperimentsTrackerNotFoundError('model', id);
      return m;
    },
  };
  const weaviate = options.engine === 'weaviate' ? weaviateTestConnectionFromEnv() : undefined;
  const config = {
    VECTOR_ENGINE: options.engine ?? 'lancedb',
    ...(weaviate ? { WEAVIATE_URL: `http://${weaviate.host ?? '127.0.0.1'}:${weaviate.port}`, WEAVIATE_GRPC_PORT: weaviate.grpcPort } : {}),
    VECTOR_DATA_DIR: dir,
    SEARCH_PROFILE_CACHE_MS: 200,
    SEARCH_MAX_ITEMS_PER_REQUEST: options.maxItemsPerRequest ?? 1000,
  };
  const search = await openSearch({ config, mongo: db, clickstream, artifacts, experiments, reranker: feedbackReranker(feedbackStore), index: await openVectorIndex(config, db), comparisons: true });
  const encoders = onnxEncoderProvider(undefined);
  const app = createApp({
    clickstream,
    access: OPEN_ACCESS,
    search: search.services,
    ...(search.comparisons ? { comparisons: search.comparisons } : {}),
    itemsBodyLimitBytes: options.itemsBodyLimitBytes ?? 1024 * 1024,
    metrics: qualityMetricsOver(quality.rollups, search.services),
  });
  const folder = createQualityFolder({ ...quality, owner: `e2e-${name}` });
  return {
    http: request(app),
    services: search.services,
    clickstream,
    db,
    async embedItem(text) {
      return (await (await encoders.open('all-minilm-l6-v2')).embedItems([text])).data;
    },
    async addAdapterModel(id, kernel, bias) {
      const adapter = new LinearAdapter({ inputDimension: DIM, side: 'query' }, [
        { name: 'kernel', shape: [DIM, DIM], values: kernel },
        { name: 'bias', shape: [DIM], values: bias },
      ]);
      const key = `models/${id}.esmodel`;
      await artifacts.put(key, encodeModelArtifact(saveModelArtifact(adapter)));
      adapter.dispose();
      models.set(id, { id, plugin: 'Default Fine Tuning Method', status: 'live', artifact: { key } } as unknown as ModelRecord);
    },
    foldQuality: () => folder.runOnce(),
    async close() {
      const prefix = options.dropPrefix;
      if (prefix) {
        for (const a of await search.index.aliases.list()) if (a.alias.startsWith(prefix)) await search.index.aliases.delete(a.alias);
        for (const c of await search.index.listCollections()) if (c.startsWith(prefix)) await search.index.dropCollection(c);
      }
      await search.close();
      await encoders.dispose();
      await db.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An adapter that pulls every query towards `target` (a unit vector): `y = 0.1·x + target`. */
export function towards(target: Float32Array): { kernel: Float32Array; bias: Float32Array } {
  const kernel = new Float32Array(DIM * DIM);
  for (let i = 0; i < DIM; i++) kernel[i * DIM + i] = 0.1;
  return { kernel, bias: Float32Array.from(target) };
}
