// The search use cases, as interfaces. Every method takes untrusted input (a JSON body or query),
// validates it, and throws coded errors (`SEARCH_*`) that the app maps to HTTP statuses.
import type { Clock } from '@embedding-studio/primitives';
import type { VectorIndex } from '@embedding-studio/vector-index';
import type { DeploymentView, SearchCollectionView, SearchItem, SearchProfile, SearchResponse } from './model.js';
import type { DeployableModelSource, EncoderProvider, QueryAdapterLoader, SearchCatalogStore, SearchComparisonHook, SearchReranker, SessionRecorder } from './ports.js';

/** Limits on what one request may ask for. */
export interface SearchLimits {
  /** Items per upsert request. @defaultValue 1000 */
  maxItemsPerRequest: number;
  /** Largest `k`. @defaultValue 100 */
  maxK: number;
  /** Largest `offset` for "load more". @defaultValue 1000 */
  maxOffset: number;
  /** Longest query, in characters. @defaultValue 2048 */
  maxQueryLength: number;
  /** Texts embedded per encoder call when items are upserted. @defaultValue 64 */
  embedBatchSize: number;
}

export const DEFAULT_SEARCH_LIMITS: Readonly<SearchLimits> = {
  maxItemsPerRequest: 1000,
  maxK: 100,
  maxOffset: 1000,
  maxQueryLength: 2048,
  embedBatchSize: 64,
};

export interface SearchServicesOptions {
  catalog: SearchCatalogStore;
  index: VectorIndex;
  encoders: EncoderProvider;
  adapters: QueryAdapterLoader;
  sessions: SessionRecorder;
  /** The model registry; without it deploys answer SEARCH_MODEL_NOT_FOUND. */
  models?: DeployableModelSource;
  /** Query-time reranking for collections with `feedback.enabled`; off when absent. */
  reranker?: SearchReranker;
  /** Online comparisons: mixes a candidate's ranking into a share of new searches; off when absent. */
  comparisons?: SearchComparisonHook;
  /** @defaultValue DEFAULT_SEARCH_LIMITS */
  limits?: Partial<SearchLimits>;
  /** Wall clock (epoch ms); records keep whole epoch seconds. @defaultValue systemClock */
  clock?: Clock;
  /** New search ids. @defaultValue UUIDv7-like, time-ordered */
  newSearchId?: () => string;
  /**
   * How long the active profile of a collection is served from memory before it is checked
   * again (deploys from this process refresh it at once). @defaultValue 1000
   */
  profileCacheMs?: number;
}

export interface CollectionService {
  /** `{name, fields_to_embed?, model?, filterable_fields?}`; an identical re-post answers created=false. */
  create(body: unknown): Promise<{ created: boolean; collection: SearchCollectionView }>;
  list(): Promise<SearchCollectionView[]>;
  get(name: string): Promise<SearchCollectionView>;
  /** `{enabled, …settings}`: switches query-time feedback of a collection (settings checked by the reranker). */
  setFeedback(name: string, body: unknown): Promise<SearchCollectionView>;
}

export interface ItemService {
  /**
   * Validates every item first (an array of `{id, …fields}`), then embeds in batches and
   * upserts into the live physical collection. Nothing is stored when any item is rejected.
   */
  upsert(collection: string, body: unknown): Promise<{ upserted: number }>;
  get(collection: string, id: string): Promise<SearchItem>;
  delete(collection: string, id: string): Promise<{ deleted: number }>;
}

export interface SearchService {
  /**
   * `{collection, query, k?, filter?, user_id?, offset?}` opens a session; `{search_id, offset,
   * k?}` appends a page to it with the profile it pinned.
   */
  search(body: unknown): Promise<SearchResponse>;
}

export interface DeploymentService {
  /** Deploys a query-adapter model as the collection's next profile version (no reindex). */
  deployModel(modelId: string, body: unknown, requestedBy?: string): Promise<DeploymentView>;
  /** `{collection}`: every profile version, newest first. */
  list(query: Record<string, unknown>): Promise<DeploymentView[]>;
  /** `{collection, to_version?}`: a new version restoring `to_version` (default: the one before the active). */
  rollback(body: unknown): Promise<DeploymentView>;
  /** The active profile (served from the process cache). */
  activeProfile(collection: string): Promise<SearchProfile>;
  /**
   * Top-k object ids of each query under the active profile and under the active profile with
   * `modelId`'s adapter instead, without switching anything (for deploy gates).
   */
  compare(modelId: string, input: { collection: string; queries: readonly string[]; k: number }): Promise<{ active: string[][]; candidate: string[][] }>;
}

export interface SearchServices {
  collections: CollectionService;
  items: ItemService;
  search: SearchService;
  deployments: DeploymentService;
}
