// The ports of the search layer: what search-core needs from the outside, each a small interface
// the apps implement (or take from ./testing in tests).
import type { JsonObject } from '@embedding-studio/primitives';
import type { ProfileAdapter, SearchCollection, SearchProfile } from './model.js';

/**
 * The search catalog: logical collections and their search-profile versions. Implementations:
 * in memory (./testing) and MongoDB (`@embedding-studio/search-mongo`). The contract suite
 * `searchCatalogStoreContract` in ./testing holds them to the same behaviour.
 */
export interface SearchCatalogStore {
  /** Inserts the collection unless one of that name exists; answers the stored one either way. */
  createCollection(collection: SearchCollection): Promise<{ created: boolean; collection: SearchCollection }>;
  getCollection(name: string): Promise<SearchCollection | undefined>;
  /** Every collection, by name. */
  listCollections(): Promise<SearchCollection[]>;
  /**
   * Compare-and-set: stores `profile` only if no profile of its collection has its `version`
   * yet. Answers false when another writer stored that version first. Versions are inserted in
   * order (n + 1 after n), so the newest version is the active profile.
   */
  insertProfile(profile: SearchProfile): Promise<boolean>;
  getProfile(collection: string, version: number): Promise<SearchProfile | undefined>;
  /**
   * The newest profile of a collection. `atLeast` is a version the caller knows exists (a
   * cached one), so implementations can look forward from it instead of searching.
   */
  activeProfile(collection: string, atLeast?: number): Promise<SearchProfile | undefined>;
  /** Every profile version of a collection, newest first. */
  listProfiles(collection: string): Promise<SearchProfile[]>;
  /** Replaces a collection's feedback setting; answers the updated collection, or undefined when there is none. */
  setFeedback(name: string, feedback: NonNullable<SearchCollection['feedback']>): Promise<SearchCollection | undefined>;
}

/** One row-major batch of vectors. */
export interface EncodedBatch {
  readonly count: number;
  readonly dimension: number;
  readonly data: Float32Array;
}

/**
 * A text encoder as search uses it; `EmbeddingModel` of `@embedding-studio/model-runtime`
 * (the ONNX encoders) has this shape.
 */
export interface SearchEncoder {
  readonly id: string;
  readonly dimension: number;
  embedQueries(texts: readonly string[]): Promise<EncodedBatch>;
  embedItems(texts: readonly string[]): Promise<EncodedBatch>;
}

/** Text encoders by name (e.g. `all-minilm-l6-v2`); implementations open and cache them. */
export interface EncoderProvider {
  /** Names `open` accepts. */
  names(): readonly string[];
  /** The encoder; the same instance for repeated calls. */
  open(name: string): Promise<SearchEncoder>;
}

/** A query-side adapter ready for serving: plain arithmetic on one query vector. */
export interface QueryAdapter {
  readonly modelId: string;
  readonly inputDimension: number;
  readonly outputDimension: number;
  /** The adapted query vector (a new array). */
  apply(vector: Float32Array): Float32Array;
}

/** Loads the adapter of a profile (cached per model id by implementations). */
export interface QueryAdapterLoader {
  load(adapter: ProfileAdapter): Promise<QueryAdapter>;
}

/** A model of the registry that a deploy can name. */
export interface DeployableModel {
  model_id: string;
  /** Key of the model bundle in the artifact store. */
  artifact_key: string;
  /** Fine-tuning method that trained it, for the deployment record. */
  plugin?: string;
}

/** The model registry, as deploys see it. */
export interface DeployableModelSource {
  get(modelId: string): Promise<DeployableModel | undefined>;
}

/** One result as recorded in the clickstream session. */
export interface RecordedResult {
  object_id: string;
  rank: number;
  meta: JsonObject;
}

/** A search as recorded: a clickstream session whose id is the search_id. */
export interface SearchSessionRecord {
  search_id: string;
  query: string;
  user_id: string | null;
  results: RecordedResult[];
  /** Collection, profile version, k, filter: what "load more" needs to answer the same way. */
  search_meta: JsonObject;
}

/**
 * Records searches as clickstream sessions. The app's implementation calls the clickstream
 * service (session create with a 0.0.1-shaped body, results append), so clicks on a search_id
 * go through the unchanged 0.0.1 events route. Resolving means the write is durable.
 */
export interface SessionRecorder {
  open(record: SearchSessionRecord): Promise<void>;
  /** Appends a "load more" page; ranks continue the session's. */
  append(searchId: string, results: readonly RecordedResult[]): Promise<void>;
  /** What a "load more" needs, or undefined for an unknown id. */
  read(searchId: string): Promise<{ query: string; user_id: string | null; search_meta: JsonObject; result_count: number } | undefined>;
}

/** A hit as rerankers see it. */
export interface RerankHit {
  object_id: string;
  score: number;
  meta: JsonObject;
}

/**
 * Optional query-time reranking (e.g. click feedback) applied after the vector search and before
 * the session is recorded. Off unless the app plugs one in and the collection enables feedback.
 */
export interface SearchReranker {
  rerank(input: { collection: string; query: string; hits: readonly RerankHit[]; profileVersion: number; userId: string | null; settings: JsonObject }): Promise<RerankHit[]>;
  /**
   * Validates a collection's feedback settings before they are stored; throws a validation
   * error naming each field under `field` (e.g. `feedback.weight`).
   */
  checkSettings?(settings: JsonObject, field: string): void;
}

/**
 * Online comparisons (e.g. `@embedding-studio/search-comparison`): for a share of new searches,
 * the shown list mixes the active profile's ranking (the control) with a candidate adapter's
 * ranking of the same physical collection. Off when absent.
 */
export interface SearchComparisonHook {
  /** How to answer a new first-page search of `collection` pinned to `profileVersion`; undefined leaves it alone. */
  plan(input: { collection: string; searchId: string; profileVersion: number }): Promise<SearchComparisonPlan | undefined>;
}

export interface SearchComparisonPlan {
  /** The candidate's query adapter, applied with the profile's encoder to the profile's target. */
  candidate: ProfileAdapter;
  /** Which rankings `mix` reads (the other is passed empty and not computed). */
  uses: { control: boolean; candidate: boolean };
  /** The shown object ids (each from one of the lists), and what the session records as `search_meta.comparison`. */
  mix(control: readonly string[], candidate: readonly string[], k: number): { ids: string[]; mark: JsonObject };
}
