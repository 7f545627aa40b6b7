// Generated from the API's OpenAPI document by npx nx run api:api-client; do not edit.

/** The input of each operation: path parameters, query and JSON body. */
export interface OperationInputs {
  ping: Record<string, never>;
  ready: Record<string, never>;
  openapi: Record<string, never>;
  docsPage: Record<string, never>;
  docsAsset: { params: { "asset": string } };
  registerSession: { body: { "session_id": string; "search_query": string; "search_results": Array<{ "object_id": string; "rank"?: number | null; "meta"?: { [key: string]: unknown } | null; [key: string]: unknown }>; "search_meta"?: { [key: string]: unknown } | null; "user_id"?: string | null; "created_at"?: number | null; "is_irrelevant"?: boolean | null; [key: string]: unknown } };
  getSession: { query?: { "session_id"?: string } };
  appendResults: { body: { "session_id": string; "search_results": Array<{ "object_id": string; "rank"?: number | null; "meta"?: { [key: string]: unknown } | null; [key: string]: unknown }>; [key: string]: unknown } };
  addEvents: { body: { "session_id": string; "events": Array<{ "event_id": string; "object_id": string; "event_type"?: string | null; "created_at"?: number | null; "meta"?: { [key: string]: unknown } | null; [key: string]: unknown }>; [key: string]: unknown } };
  markIrrelevant: { body: { "session_id": string; [key: string]: unknown } };
  registerSessionsBulk: { body: { "sessions": Array<unknown>; [key: string]: unknown } };
  addEventsBulk: { body: { "events": Array<unknown>; [key: string]: unknown } };
  getBatch: { query?: { "batch_id"?: string } };
  getBatchSessions: { query?: { "batch_id"?: string; "after_number"?: string; "limit"?: string; "events_limit"?: string } };
  releaseBatch: { body: { "release_id": string; [key: string]: unknown } };
  listMethods: Record<string, never>;
  createTask: { body: { "fine_tuning_method": string; "batch_id"?: string | null; "metadata"?: { [key: string]: unknown } | null; "idempotency_key"?: string | null; [key: string]: unknown } };
  listTasks: { query?: { "skip"?: string; "limit"?: string; "status"?: "" | "pending" | "processing" | "done" | "error" | "canceled" } };
  getTask: { params: { "id": string } };
  restartTask: { params: { "id": string } };
  cancelTask: { params: { "id": string } };
  listIterations: { query?: { "skip"?: string; "limit"?: string; "plugin"?: string } };
  getIteration: { params: { "id": string } };
  getRun: { params: { "id": string; "runId": string } };
  listModels: { query?: { "skip"?: string; "limit"?: string; "plugin"?: string; "status"?: "live" | "deleted" } };
  getModel: { params: { "id": string } };
  downloadModel: { params: { "id": string } };
  createCollection: { body: { "name": string; "fields_to_embed"?: Array<string>; "model"?: { "encoder"?: string; [key: string]: unknown }; "filterable_fields"?: { [key: string]: unknown }; "feedback"?: boolean | { "enabled": boolean; [key: string]: unknown }; [key: string]: unknown } };
  listCollections: Record<string, never>;
  getCollection: { params: { "name": string } };
  upsertItems: { params: { "name": string }; body: Array<{ "id": string; [key: string]: unknown }> };
  getItem: { params: { "name": string; "id": string } };
  deleteItem: { params: { "name": string; "id": string } };
  setCollectionFeedback: { params: { "name": string }; body: { "enabled": boolean; [key: string]: unknown } };
  search: { body: { "collection": string; "query": string; "k"?: number; "offset"?: number; "filter"?: { [key: string]: unknown }; "user_id"?: string | null; [key: string]: unknown } | { "search_id": string; "k"?: number; "offset"?: number; [key: string]: unknown } };
  deployModel: { params: { "id": string }; body: { "collection": string; "expected_version"?: number; [key: string]: unknown } };
  listDeployments: { query?: { "collection"?: string } };
  rollbackDeployment: { body: { "collection": string; "to_version"?: number; [key: string]: unknown } };
  createImport: { params: { "name": string }; body: { "source": unknown; "id_field"?: string; "batch_size"?: number } };
  createReindex: { params: { "name": string }; body: { "encoder": string; "batch_size"?: number; "gate"?: { "recall_sample"?: number; "min_recall"?: number; "clicks_sample"?: number; "mrr_tolerance"?: number; "queries_tolerance"?: number; "queries"?: Array<{ "query": string; "expected": Array<string>; [key: string]: unknown }> } | null } };
  getImport: { params: { "id": string } };
  getReindex: { params: { "id": string } };
  listKeys: Record<string, never>;
  createKey: { body: { "scope": "ingest" | "search" | "read" | "admin"; "name"?: string } };
  revokeKey: { params: { "id": string } };
  getQualityMetrics: { query?: { "collection"?: string; "from"?: string; "to"?: string; "bucket"?: "hour" | "day"; "by"?: "version" } };
  startComparison: { body: { "collection": string; "candidate_model_id": string; "method"?: "interleaving" | "ab"; "share"?: number; "alpha"?: number; "min_queries"?: number; "max_queries"?: number } };
  listComparisons: { query?: { "collection"?: string } };
  estimateComparison: { body: { "collection": string; "candidate_model_id": string; "max_sessions"?: number } };
  getComparison: { params: { "id": string } };
  stopComparison: { params: { "id": string } };
}

/** Method, path and key scope of each operation. */
export const OPERATIONS = {
  ping: { method: 'GET', path: '/ping', scope: 'public' },
  ready: { method: 'GET', path: '/health/ready', scope: 'public' },
  openapi: { method: 'GET', path: '/openapi.json', scope: 'public' },
  docsPage: { method: 'GET', path: '/docs', scope: 'public' },
  docsAsset: { method: 'GET', path: '/docs/{asset}', scope: 'public' },
  registerSession: { method: 'POST', path: '/clickstream/session', scope: 'ingest' },
  getSession: { method: 'GET', path: '/clickstream/session', scope: 'read' },
  appendResults: { method: 'POST', path: '/clickstream/session/results', scope: 'ingest' },
  addEvents: { method: 'POST', path: '/clickstream/session/events', scope: 'ingest' },
  markIrrelevant: { method: 'POST', path: '/clickstream/session/irrelevant', scope: 'ingest' },
  registerSessionsBulk: { method: 'POST', path: '/clickstream/sessions:bulk', scope: 'ingest' },
  addEventsBulk: { method: 'POST', path: '/clickstream/events:bulk', scope: 'ingest' },
  getBatch: { method: 'GET', path: '/clickstream/internal/batch', scope: 'admin' },
  getBatchSessions: { method: 'GET', path: '/clickstream/internal/batch/sessions', scope: 'admin' },
  releaseBatch: { method: 'POST', path: '/clickstream/internal/batch/release', scope: 'admin' },
  listMethods: { method: 'GET', path: '/fine-tuning/methods', scope: 'read' },
  createTask: { method: 'POST', path: '/fine-tuning/task', scope: 'admin' },
  listTasks: { method: 'GET', path: '/fine-tuning/task', scope: 'read' },
  getTask: { method: 'GET', path: '/fine-tuning/task/{id}', scope: 'read' },
  restartTask: { method: 'PUT', path: '/fine-tuning/task/{id}/restart', scope: 'admin' },
  cancelTask: { method: 'PUT', path: '/fine-tuning/task/{id}/cancel', scope: 'admin' },
  listIterations: { method: 'GET', path: '/experiments', scope: 'read' },
  getIteration: { method: 'GET', path: '/experiments/{id}', scope: 'read' },
  getRun: { method: 'GET', path: '/experiments/{id}/runs/{runId}', scope: 'read' },
  listModels: { method: 'GET', path: '/models', scope: 'read' },
  getModel: { method: 'GET', path: '/models/{id}', scope: 'read' },
  downloadModel: { method: 'GET', path: '/models/{id}/artifact', scope: 'admin' },
  createCollection: { method: 'POST', path: '/collections', scope: 'admin' },
  listCollections: { method: 'GET', path: '/collections', scope: 'read' },
  getCollection: { method: 'GET', path: '/collections/{name}', scope: 'read' },
  upsertItems: { method: 'POST', path: '/collections/{name}/items', scope: 'admin' },
  getItem: { method: 'GET', path: '/collections/{name}/items/{id}', scope: 'read' },
  deleteItem: { method: 'DELETE', path: '/collections/{name}/items/{id}', scope: 'admin' },
  setCollectionFeedback: { method: 'PUT', path: '/collections/{name}/feedback', scope: 'admin' },
  search: { method: 'POST', path: '/search', scope: 'search' },
  deployModel: { method: 'POST', path: '/models/{id}/deploy', scope: 'admin' },
  listDeployments: { method: 'GET', path: '/deployments', scope: 'read' },
  rollbackDeployment: { method: 'POST', path: '/deployments/rollback', scope: 'admin' },
  createImport: { method: 'POST', path: '/collections/{name}/imports', scope: 'admin' },
  createReindex: { method: 'POST', path: '/collections/{name}/reindex', scope: 'admin' },
  getImport: { method: 'GET', path: '/imports/{id}', scope: 'read' },
  getReindex: { method: 'GET', path: '/reindexes/{id}', scope: 'read' },
  listKeys: { method: 'GET', path: '/keys', scope: 'admin' },
  createKey: { method: 'POST', path: '/keys', scope: 'admin' },
  revokeKey: { method: 'DELETE', path: '/keys/{id}', scope: 'admin' },
  getQualityMetrics: { method: 'GET', path: '/metrics/quality', scope: 'read' },
  startComparison: { method: 'POST', path: '/comparisons', scope: 'admin' },
  listComparisons: { method: 'GET', path: '/comparisons', scope: 'read' },
  estimateComparison: { method: 'POST', path: '/comparisons/estimate', scope: 'admin' },
  getComparison: { method: 'GET', path: '/comparisons/{id}', scope: 'read' },
  stopComparison: { method: 'POST', path: '/comparisons/{id}/stop', scope: 'admin' },
} as const;
