import { SCOPES } from '@embedding-studio/api-keys';
import type { JsonSchema, RouteSpec } from './route-table.js';

/** The common error body every 4xx/5xx answer has. */
const ERROR_BODY: JsonSchema = {
  type: 'object',
  required: ['detail', 'error', 'request', 'response'],
  properties: {
    detail: { type: 'string' },
    error: {
      type: 'object',
      required: ['name', 'code', 'message', 'details'],
      properties: { name: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
    },
    request: { type: 'object' },
    response: { type: 'object', properties: { statusCode: { type: 'integer' } } },
  },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Every status a route may answer besides 200, by who it is open to. */
function errorResponses(route: RouteSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    '404': errorResponse('Not found'),
    '422': errorResponse('Invalid input; details.issues names every field'),
    '429': errorResponse('Rate limited; see Retry-After'),
    '500': errorResponse('Internal error'),
    '503': errorResponse('A dependency is unavailable'),
    '400': errorResponse('Bad request'),
    '409': errorResponse('Conflict'),
    '405': errorResponse('Method not allowed; see Allow'),
  };
  if (route.body) {
    out['408'] = errorResponse('The body did not arrive in time');
    out['413'] = errorResponse('Body too large');
    out['415'] = errorResponse('Unsupported body encoding');
  }
  if (route.scope !== 'public') {
    out['401'] = errorResponse('Missing, unknown or revoked API key');
    out['403'] = errorResponse('The key\'s scope does not reach this route');
  }
  return out;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  /** Server URL the document names. @defaultValue `/api/v1` */
  serverUrl?: string;
}

/** What the API's document says about itself. */
export const OPENAPI_INFO: OpenApiInfo = { title: 'EmbeddingStudio API', version: '0.1.0' };

/** The OpenAPI 3.1 document of the routes in the route table. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', pattern: '^[^/]+$' } }));
    const queryParams = Object.entries(route.query ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
    const media = route.media ?? 'application/json';
    const ok = { description: 'OK', content: { [media]: { schema: media === 'application/json' ? (route.response ?? {}) : { type: 'string' } } } };
    (paths[route.path] ??= {})[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      'x-scope': route.scope,
      security: route.scope === 'public' ? [] : [{ apiKey: [] }],
      ...(pathParams.length + queryParams.length > 0 ? { parameters: [...pathParams, ...queryParams] } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: route.body }, ...Object.fromEntries((route.bodyMedia ?? []).map((m) => [m, { schema: { type: 'string' } }])) } } }
        : {}),
      responses: { '200': ok, ...(route.creates ? { '201': { ...ok, description: 'Created' } } : {}), ...errorResponses(route) },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: `Send keys as "Authorization: Bearer <key>". Scopes: ${SCOPES.join(', ')}; each operation's x-scope names the one it needs, and admin reaches every operation.`,
    },
    servers: [{ url: info.serverUrl ?? '/api/v1' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: esk_<id>_<secret>' } },
      schemas: { Error: ERROR_BODY },
    },
    paths,
  };
}
