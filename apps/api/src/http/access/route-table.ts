import { CREATE_KEY_INPUT_SCHEMA, type Scope } from '@embedding-studio/api-keys';
import { CLICKSTREAM_SCHEMAS as CS } from '@embedding-studio/clickstream-core';
import { TASK_SCHEMAS } from '@embedding-studio/fine-tuning-tasks';
import { SEARCH_SCHEMAS as SEARCH } from '@embedding-studio/search-core';
import { INDEXING_SCHEMAS as INDEXING } from '@embedding-studio/search-indexing';
import { QUALITY_QUERY_SCHEMA } from '@embedding-studio/search-quality';
import { COMPARISON_SCHEMAS as COMPARE } from '@embedding-studio/search-comparison';

/** A JSON Schema (2020-12) fragment, as OpenAPI 3.1 embeds it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/**
 * One route of the API: who may call it and how the OpenAPI document describes it. `path` is
 * relative to `/api/v1`, in OpenAPI form (`/models/{id}`).
 */
export interface RouteSpec {
  method: HttpMethod;
  path: string;
  /** The key scope the route needs (`admin` reaches all), or `public` for no key. */
  scope: Scope | 'public';
  operationId: string;
  summary: string;
  tag: string;
  /** Query parameters, by name (each a JSON Schema). */
  query?: Readonly<Record<string, JsonSchema>>;
  /** Schema of the JSON body, when the route takes one. */
  body?: JsonSchema;
  /** Schema of the 200 response, when known. @defaultValue any JSON */
  response?: JsonSchema;
  /** Media type of the 200 response. @defaultValue application/json */
  media?: string;
  /** The route answers 201 when it creates what it names (and 200 when it existed). */
  creates?: boolean;
  /** Other media types the body may come in (e.g. JSONL uploads), beside JSON. */
  bodyMedia?: readonly string[];
}

// The experiments tracker's query parsers (parseIterationsQuery, parseModelsQuery) as schemas.
const page = { skip: { type: 'string', pattern: '^\\d{1,15}$' }, limit: { type: 'string', pattern: '^\\d{1,15}$' }, plugin: { type: 'string', minLength: 1, pattern: '\\S' } } as const;

/**
 * Every route the API serves: the one table the access middleware and the OpenAPI document read.
 * Add a row here with each new route; a test fails when a mounted route is missing.
 */
export const ROUTES: readonly RouteSpec[] = [
  { method: 'get', path: '/ping', scope: 'public', operationId: 'ping', summary: 'Liveness', tag: 'health' },
  { method: 'get', path: '/health/ready', scope: 'public', operationId: 'ready', summary: 'Readiness (database reachable)', tag: 'health' },
  { method: 'get', path: '/openapi.json', scope: 'public', operationId: 'openapi', summary: 'This document', tag: 'docs' },
  { method: 'get', path: '/docs', scope: 'public', operationId: 'docsPage', summary: 'Swagger UI', tag: 'docs', media: 'text/html' },
  { method: 'get', path: '/docs/{asset}', scope: 'public', operationId: 'docsAsset', summary: 'Swagger UI scripts and styles', tag: 'docs', media: 'application/octet-stream' },

  { method: 'post', path: '/clickstream/session', scope: 'ingest', operationId: 'registerSession', summary: 'Register a search session', tag: 'clickstream', body: CS.newSession },
  { method: 'get', path: '/clickstream/session', scope: 'read', operationId: 'getSession', summary: 'Read a session with its events', tag: 'clickstream', query: CS.sessionQuery },
  { method: 'post', path: '/clickstream/session/results', scope: 'ingest', operationId: 'appendResults', summary: 'Append results to a session', tag: 'clickstream', body: CS.appendResults },
  { method: 'post', path: '/clickstream/session/events', scope: 'ingest', operationId: 'addEvents', summary: 'Post click events', tag: 'clickstream', body: CS.newEvents },
  { method: 'post', path: '/clickstream/session/irrelevant', scope: 'ingest', operationId: 'markIrrelevant', summary: 'Mark a session irrelevant', tag: 'clickstream', body: CS.sessionRef },
  { method: 'post', path: '/clickstream/sessions:bulk', scope: 'ingest', operationId: 'registerSessionsBulk', summary: 'Register many sessions; answered per item', tag: 'clickstream', body: CS.sessionsBulk },
  { method: 'post', path: '/clickstream/events:bulk', scope: 'ingest', operationId: 'addEventsBulk', summary: 'Post events of many sessions; answered per item', tag: 'clickstream', body: CS.eventsBulk },
  { method: 'get', path: '/clickstream/internal/batch', scope: 'admin', operationId: 'getBatch', summary: 'Current or given batch', tag: 'clickstream-internal', query: CS.batchQuery },
  { method: 'get', path: '/clickstream/internal/batch/sessions', scope: 'admin', operationId: 'getBatchSessions', summary: 'Sessions of a batch', tag: 'clickstream-internal', query: CS.batchSessionsQuery },
  { method: 'post', path: '/clickstream/internal/batch/release', scope: 'admin', operationId: 'releaseBatch', summary: 'Release the current batch', tag: 'clickstream-internal', body: CS.release },

  { method: 'get', path: '/fine-tuning/methods', scope: 'read', operationId: 'listMethods', summary: 'Loaded fine-tuning methods', tag: 'fine-tuning' },
  { method: 'post', path: '/fine-tuning/task', scope: 'admin', operationId: 'createTask', summary: 'Create a fine-tuning task', tag: 'fine-tuning', body: TASK_SCHEMAS.createTask },
  { method: 'get', path: '/fine-tuning/task', scope: 'read', operationId: 'listTasks', summary: 'List fine-tuning tasks', tag: 'fine-tuning', query: TASK_SCHEMAS.listQuery },
  { method: 'get', path: '/fine-tuning/task/{id}', scope: 'read', operationId: 'getTask', summary: 'One fine-tuning task', tag: 'fine-tuning' },
  { method: 'put', path: '/fine-tuning/task/{id}/restart', scope: 'admin', operationId: 'restartTask', summary: 'Restart a task', tag: 'fine-tuning' },
  { method: 'put', path: '/fine-tuning/task/{id}/cancel', scope: 'admin', operationId: 'cancelTask', summary: 'Cancel a task', tag: 'fine-tuning' },

  { method: 'get', path: '/experiments', scope: 'read', operationId: 'listIterations', summary: 'Experiment iterations', tag: 'experiments', query: page },
  { method: 'get', path: '/experiments/{id}', scope: 'read', operationId: 'getIteration', summary: 'One iteration with its runs', tag: 'experiments' },
  { method: 'get', path: '/experiments/{id}/runs/{runId}', scope: 'read', operationId: 'getRun', summary: 'One run with params and metrics', tag: 'experiments' },
  { method: 'get', path: '/models', scope: 'read', operationId: 'listModels', summary: 'Model registry', tag: 'models', query: { ...page, status: { type: 'string', enum: ['live', 'deleted'] } } },
  { method: 'get', path: '/models/{id}', scope: 'read', operationId: 'getModel', summary: 'One model record', tag: 'models' },
  { method: 'get', path: '/models/{id}/artifact', scope: 'admin', operationId: 'downloadModel', summary: 'Download model bytes', tag: 'models', media: 'application/octet-stream' },

  { method: 'post', path: '/collections', scope: 'admin', operationId: 'createCollection', summary: 'Create a collection (201), or return the same one (200)', tag: 'search', body: SEARCH.newCollection, creates: true },
  { method: 'get', path: '/collections', scope: 'read', operationId: 'listCollections', summary: 'Collections', tag: 'search' },
  { method: 'get', path: '/collections/{name}', scope: 'read', operationId: 'getCollection', summary: 'One collection', tag: 'search' },
  { method: 'post', path: '/collections/{name}/items', scope: 'admin', operationId: 'upsertItems', summary: 'Add or replace items (a JSON array, or JSONL)', tag: 'search', body: SEARCH.items, bodyMedia: ['application/x-ndjson'] },
  { method: 'get', path: '/collections/{name}/items/{id}', scope: 'read', operationId: 'getItem', summary: 'One item', tag: 'search' },
  { method: 'delete', path: '/collections/{name}/items/{id}', scope: 'admin', operationId: 'deleteItem', summary: 'Delete an item', tag: 'search' },
  { method: 'put', path: '/collections/{name}/feedback', scope: 'admin', operationId: 'setCollectionFeedback', summary: 'Switch the feedback layer of a collection on or off, with its settings', tag: 'search', body: SEARCH.feedbackUpdate },
  { method: 'post', path: '/search', scope: 'search', operationId: 'search', summary: 'Search a collection; records the search session', tag: 'search', body: SEARCH.search },
  { method: 'post', path: '/models/{id}/deploy', scope: 'admin', operationId: 'deployModel', summary: 'Deploy a model to a collection behind the gate', tag: 'search', body: SEARCH.deploy },
  { method: 'get', path: '/deployments', scope: 'read', operationId: 'listDeployments', summary: 'Deployments', tag: 'search', query: SEARCH.collectionQuery },
  { method: 'post', path: '/deployments/rollback', scope: 'admin', operationId: 'rollbackDeployment', summary: 'Roll a collection back to its previous profile', tag: 'search', body: SEARCH.rollback },

  { method: 'post', path: '/collections/{name}/imports', scope: 'admin', operationId: 'createImport', summary: 'Queue a bulk import', tag: 'indexing', body: INDEXING.importRequest },
  { method: 'post', path: '/collections/{name}/reindex', scope: 'admin', operationId: 'createReindex', summary: 'Queue a blue/green reindex', tag: 'indexing', body: INDEXING.reindexRequest },
  { method: 'get', path: '/imports/{id}', scope: 'read', operationId: 'getImport', summary: 'One import job', tag: 'indexing' },
  { method: 'get', path: '/reindexes/{id}', scope: 'read', operationId: 'getReindex', summary: 'One reindex job', tag: 'indexing' },

  { method: 'get', path: '/keys', scope: 'admin', operationId: 'listKeys', summary: 'List API keys (never their secrets)', tag: 'keys' },
  { method: 'post', path: '/keys', scope: 'admin', operationId: 'createKey', summary: 'Create an API key; the answer is the only time its secret is shown', tag: 'keys', body: CREATE_KEY_INPUT_SCHEMA },
  { method: 'delete', path: '/keys/{id}', scope: 'admin', operationId: 'revokeKey', summary: 'Revoke an API key', tag: 'keys' },
  { method: 'get', path: '/metrics/quality', scope: 'read', operationId: 'getQualityMetrics', summary: 'Search-quality metrics per profile version and time bucket', tag: 'metrics', query: QUALITY_QUERY_SCHEMA },

  { method: 'post', path: '/comparisons', scope: 'admin', operationId: 'startComparison', summary: 'Start an online comparison (interleaving or A/B) of a candidate model against the active profile', tag: 'comparisons', body: COMPARE.newComparison, creates: true },
  { method: 'get', path: '/comparisons', scope: 'read', operationId: 'listComparisons', summary: 'Comparisons of a collection, newest first', tag: 'comparisons', query: COMPARE.listQuery },
  { method: 'post', path: '/comparisons/estimate', scope: 'admin', operationId: 'estimateComparison', summary: 'Offline IPS estimate of a candidate model on logged clicks', tag: 'comparisons', body: COMPARE.estimate },
  { method: 'get', path: '/comparisons/{id}', scope: 'read', operationId: 'getComparison', summary: 'One comparison with its counters and statistics', tag: 'comparisons' },
  { method: 'post', path: '/comparisons/{id}/stop', scope: 'admin', operationId: 'stopComparison', summary: 'Stop a comparison; its counters freeze', tag: 'comparisons' },
];

/** A compiled route: its path as a regular expression over the path below `/api/v1`. */
export interface RouteMatcher {
  spec: RouteSpec;
  pattern: RegExp;
}

export function compileRoutes(routes: readonly RouteSpec[]): RouteMatcher[] {
  return routes.map((spec) => ({
    spec,
    pattern: new RegExp(`^${spec.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`, 'i'),
  }));
}

/**
 * The routes whose path matches, with OpenAPI's precedence: when a literal path matches
 * (`/comparisons/estimate`), templated ones (`/comparisons/{id}`) do not.
 */
function matching(routes: readonly RouteMatcher[], path: string): RouteSpec[] {
  const found = routes.filter((r) => r.pattern.test(path)).map((r) => r.spec);
  const literal = found.filter((r) => !r.path.includes('{'));
  return literal.length > 0 ? literal : found;
}

/**
 * The route a request reaches, by method (HEAD counts as GET) and path below `/api/v1`,
 * case-insensitive as Express routes.
 */
export function matchRoute(routes: readonly RouteMatcher[], method: string, path: string): RouteSpec | undefined {
  const m = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  return matching(routes, path).find((r) => r.method === m);
}

/** Every route at a path, whatever the method (CORS preflights, `Allow`). */
export function routesAt(routes: readonly RouteMatcher[], path: string): RouteSpec[] {
  return matching(routes, path);
}
