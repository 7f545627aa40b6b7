// What the loop needs from the product: the HTTP routes it drives, as a small port. The HTTP
// adapter (`createHttpLoopApi`) implements it over the generated API client; unit tests use a
// scripted fake.

/** A result as the search route answers it. */
export interface ShownResult {
  readonly object_id: string;
  /** 1-based. */
  readonly rank: number;
}

/** `POST /search`, the fields the loop reads. */
export interface SearchAnswer {
  readonly search_id: string;
  readonly results: readonly ShownResult[];
  readonly model: { readonly version: number };
}

/** `GET /fine-tuning/task/{id}`, the fields the loop reads. */
export interface TaskView {
  readonly id: string;
  readonly status: string;
  readonly best_model_id?: string;
  /** The batch the task trained on (set once the worker released it). */
  readonly batch_id?: string;
  readonly error?: unknown;
  readonly progress?: unknown;
}

/** One profile version of `GET /deployments`. */
export interface DeploymentVersion {
  readonly version: number;
  readonly active: boolean;
  readonly created_at?: string;
  readonly deployment?: { readonly kind?: string; readonly model_id?: string; readonly requested_by?: string };
}

/** `GET /imports/{id}`, the fields the loop reads. */
export interface ImportView {
  readonly id: string;
  readonly status: string;
  readonly progress?: { readonly units_total?: number; readonly read?: number; readonly indexed?: number; readonly rejected?: number };
  readonly error?: unknown;
}

/** `<Quality>` of `GET /metrics/quality` (the fields the loop prints). */
export interface RouteQuality {
  readonly searches: number;
  readonly sessions_with_click: number;
  readonly ctr: number;
  readonly mrr: number;
}

/** `GET /metrics/quality?by=version`, the fields the loop prints. */
export interface RouteQualityReport {
  readonly series: ReadonlyArray<{ readonly version: number | null; readonly totals: RouteQuality }>;
}

export interface LoopApi {
  search(body: { collection: string; query: string; k: number; user_id: string }): Promise<SearchAnswer>;
  /** Posts clicks on `objectIds` for the session `sessionId` (the search_id), event ids made unique by the caller. */
  click(sessionId: string, events: ReadonlyArray<{ event_id: string; object_id: string }>): Promise<void>;
  /** Query texts of every session of a released batch (paged through the internal batch route). */
  batchQueries(batchId: string): Promise<string[]>;
  /** Releases the collecting batch; false when nothing was collecting. */
  releaseBatch(releaseId: string): Promise<boolean>;
  createTask(body: { fine_tuning_method: string; metadata: Record<string, unknown>; idempotency_key: string }): Promise<TaskView>;
  getTask(id: string): Promise<TaskView>;
  listDeployments(collection: string): Promise<DeploymentVersion[]>;
  /** The collection, or undefined when it does not exist. */
  getCollection(name: string): Promise<{ count: number; profile_version: number } | undefined>;
  createCollection(body: { name: string; fields_to_embed: string[] }): Promise<void>;
  createImport(collection: string, body: { source: { jsonl_path: string }; id_field: string }): Promise<ImportView>;
  getImport(id: string): Promise<ImportView>;
  rollback(collection: string, toVersion: number): Promise<DeploymentVersion>;
  /** `POST /models/{id}/deploy` (compare-and-set on `expectedVersion`). */
  deployModel(modelId: string, collection: string, expectedVersion: number): Promise<DeploymentVersion>;
  /** The metrics route, or an error text when it does not answer (not deployed on this API, bad answer). */
  quality(collection: string, from: string): Promise<RouteQualityReport | { unavailable: string }>;
}
