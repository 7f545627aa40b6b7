import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SCOPES, createApiKeyService, scopeReaches, type ApiKeyService, type Scope } from '@embedding-studio/api-keys';
import { createMongoApiKeyStore } from '@embedding-studio/api-keys-mongo';
import { createS3ArtifactStore } from '@embedding-studio/artifact-store-s3';
import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { createExperimentsTracker, createMemoryExperimentsStore } from '@embedding-studio/experiments-tracker';
import { createMemoryModelArtifacts } from '@embedding-studio/experiments-tracker/testing';
import { createFineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';
import { createMemoryTaskStore, createRecordingScheduler, createStaticMethodCatalog } from '@embedding-studio/fine-tuning-tasks/testing';
import { createTestDatabase, type TestDatabase } from '@embedding-studio/mongo/testing';
import { createApp, type AccessDeps } from '../../src/app.js';
import { ROUTES, type RouteSpec } from '../../src/http/access/route-table.js';

const BOOTSTRAP = 'e2e-bootstrap-admin-key-0123456789abcdef';
const DEAD_S3 = { endpoint: 'http://127.0.0.1:1', bucket: 'secret-bucket-name' };
const OFF = { perSecond: 0, burst: 1 };

const concrete = (route: RouteSpec): string => `/api/v1${route.path.replace(/\{[^}]+\}/g, 'x1')}`;
const call = (http: request.Agent | ReturnType<typeof request>, route: RouteSpec) => {
  const m = route.method;
  const r = http[m](concrete(route));
  return route.body ? r.send({}) : r;
};

interface World {
  db: TestDatabase;
  keys: ApiKeyService;
  modelId: string;
  artifactKey: string;
  app: (access?: Partial<AccessDeps>) => ReturnType<typeof createApp>;
}

async function world(): Promise<World> {
  const db = await createTestDatabase('api_access');
  const keys = createApiKeyService({ store: await createMongoApiKeyStore({ connection: db.connection }), bootstrapAdminKey: BOOTSTRAP });
  const clickstream = createClickstreamService({ store: await createMongoClickstreamStore({ connection: db.connection }) });
  const tracker = createExperimentsTracker({ store: createMemoryExperimentsStore(), artifacts: createMemoryModelArtifacts() });
  const { model } = await tracker.ensureInitialModel('p', async () => ({ bytes: new TextEncoder().encode('m'), contentType: 'application/octet-stream' }));
  // Model bytes come from an S3 endpoint that refuses connections.
  const s3 = createS3ArtifactStore({ ...DEAD_S3, region: 'us-east-1', accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', forcePathStyle: true, maxAttempts: 1, connectionTimeoutMs: 500 });
  const tasks = createFineTuningTaskService({ store: createMemoryTaskStore(), scheduler: createRecordingScheduler(), methods: createStaticMethodCatalog(['default']) });
  const app = (access: Partial<AccessDeps> = {}) =>
    createApp({
      clickstream,
      fineTuning: { tasks, methods: { list: () => [] }, experiments: tracker, artifacts: s3 },
      ready: () => db.ping(),
      access: { auth: keys, perAddress: OFF, perKey: OFF, ...access },
    });
  return { db, keys, modelId: model.id, artifactKey: model.artifact.key, app };
}

describe('the door: keys, scopes, limits, headers', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(() => w.db.drop());

  it('answers 401 without a key on every route but ping, health, openapi and docs', async () => {
    const http = request(w.app());
    for (const route of ROUTES) {
      const res = await call(http, route);
      if (route.scope === 'public') expect(`${route.method} ${route.path} ${res.status}`).not.toMatch(/ 40[13]$/);
      else expect(`${route.method} ${route.path} ${res.status} ${res.body?.error?.code}`).toBe(`${route.method} ${route.path} 401 API_KEY_MISSING`);
    }
    expect((await http.get('/api/v1/no-such-route').expect(401)).body.error.code).toBe('API_KEY_MISSING');
  });

  it('answers 401 for a malformed, unknown or revoked key, and for a non-bearer header', async () => {
    const http = request(w.app());
    const { key, record } = await w.keys.create({ scope: 'read' });
    await http.get('/api/v1/models').set('authorization', `Bearer ${key}`).expect(200);
    await http.get('/api/v1/models').set('authorization', `Basic ${key}`).expect(401);
    await http.get('/api/v1/models').set('authorization', 'Bearer esk_0123456789abcdef_' + 'A'.repeat(43)).expect(401);
    await w.keys.revoke(record.id);
    const revoked = await http.get('/api/v1/models').set('authorization', `Bearer ${key}`).expect(401);
    expect(revoked.body.error).toMatchObject({ code: 'API_KEY_INVALID', name: 'ApiKeyInvalidError' });
  });

  describe.each(SCOPES)('a key with scope %s', (scope: Scope) => {
    it('reaches exactly the routes of its scope (admin: all) and gets 403 elsewhere', async () => {
      const { key } = await w.keys.create({ scope });
      const http = request.agent(w.app()).set('authorization', `Bearer ${key}`);
      for (const route of ROUTES.filter((r) => r.scope !== 'public')) {
        const res = await call(http, route);
        const allowed = scopeReaches(scope, route.scope as Scope);
        const seen = `${route.method} ${route.path}: ${res.status} ${res.body?.error?.code ?? ''}`;
        if (allowed) expect(seen).not.toMatch(/: (401|403) /);
        else expect(seen).toBe(`${route.method} ${route.path}: 403 API_KEY_SCOPE_FORBIDDEN`);
      }
      // A path the table does not name (another spelling, an unknown route) needs admin: the door fails closed.
      const shouted = await http.get('/api/v1/CLICKSTREAM/Internal/batch');
      expect(shouted.status).toBe(scope === 'admin' ? 404 : 403);
    });
  });

  it('creates, uses and revokes keys over /keys with the bootstrap admin key', async () => {
    const app = w.app();
    const admin = request.agent(app).set('authorization', `Bearer ${BOOTSTRAP}`);
    const created = await admin.post('/api/v1/keys').send({ scope: 'ingest', name: 'shop' }).expect(200);
    expect(created.body.record).toMatchObject({ scope: 'ingest', name: 'shop' });
    expect(JSON.stringify((await admin.get('/api/v1/keys').expect(200)).body)).not.toContain(created.body.key.slice(21));
    const ingest = request.agent(app).set('authorization', `Bearer ${created.body.key}`);
    await ingest.post('/api/v1/clickstream/session').send({ session_id: 's-keys', search_query: 'q', search_results: [{ object_id: 'a' }] }).expect(200);
    await ingest.get('/api/v1/clickstream/session?session_id=s-keys').expect(403);
    await admin.delete(`/api/v1/keys/${created.body.record.id}`).expect(200);
    await ingest.post('/api/v1/clickstream/session/irrelevant').send({ session_id: 's-keys' }).expect(401);
    const bad = await admin.post('/api/v1/keys').send({ scope: 'root' }).expect(422);
    expect(bad.body.error.details.issues[0].field).toBe('scope');
  });

  it('rate-limits per key and per address with 429 and Retry-After', async () => {
    const { key } = await w.keys.create({ scope: 'read' });
    const perKey = request.agent(w.app({ perKey: { perSecond: 1, burst: 2 } })).set('authorization', `Bearer ${key}`);
    await perKey.get('/api/v1/models').expect(200);
    await perKey.get('/api/v1/models').expect(200);
    const limited = await perKey.get('/api/v1/models').expect(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body.error).toMatchObject({ code: 'HTTP_RATE_LIMITED', details: { by: 'key' } });

    const perAddress = request(w.app({ perAddress: { perSecond: 0.1, burst: 1 } }));
    await perAddress.get('/api/v1/ping').expect(200);
    const anonymous = await perAddress.get('/api/v1/ping').expect(429);
    expect(anonymous.headers['retry-after']).toBe('10');
  });

  it('answers 405 with Allow for a method a path does not have, before asking for a key', async () => {
    const http = request(w.app());
    const res = await http.patch('/api/v1/fine-tuning/task').expect(405);
    expect(res.headers['allow']).toBe('POST, GET, HEAD');
    expect(res.body.error.code).toBe('HTTP_METHOD_NOT_ALLOWED');
    await http.delete('/api/v1/ping').expect(405);
  });

  it('sends security headers, and CORS headers only to configured origins', async () => {
    const http = request(w.app({ corsOrigins: ['https://shop.example'] }));
    const res = await http.get('/api/v1/ping').set('origin', 'https://evil.example').expect(200);
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await http.options('/api/v1/ping').set('origin', 'https://shop.example').set('access-control-request-method', 'GET').expect(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://shop.example', 'access-control-allow-headers': expect.stringContaining('Authorization') });
    const search = await http.options('/api/v1/search').set('origin', 'https://shop.example').set('access-control-request-method', 'POST').expect(204);
    expect(search.headers).toMatchObject({ 'access-control-allow-origin': 'https://shop.example', 'access-control-allow-methods': 'POST', vary: expect.stringContaining('Origin') });
    // Not a search route: no CORS headers, and OPTIONS is not one of its methods.
    const refused = await http.options('/api/v1/fine-tuning/task').set('origin', 'https://shop.example').expect(405);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('ends a slow body with 408 and closes the connection', async () => {
    const server = w.app({ bodyTimeoutMs: 300 }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /api/v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${BOOTSTRAP}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"scope":`);
        });
        let data = '';
        socket.on('data', (c) => (data += c.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
        setTimeout(() => reject(new Error(`still open after 5 s: ${data}`)), 5000).unref();
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('HTTP_BODY_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      server.close();
    }
  });

  it('answers a 503 with S3 down without naming the endpoint, bucket, key or internal classes', async () => {
    const http = request.agent(w.app()).set('authorization', `Bearer ${BOOTSTRAP}`);
    const res = await http.get(`/api/v1/models/${w.modelId}/artifact`).expect(503);
    const text = JSON.stringify(res.body);
    for (const secret of ['127.0.0.1', DEAD_S3.bucket, w.artifactKey, 'ArtifactStore', 'ECONNREFUSED', 'S3']) expect(text).not.toContain(secret);
    expect(res.body.error).toEqual({ name: 'ServiceUnavailableError', code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('retry later'), details: {} });
    expect(res.body.request.requestId).toEqual(expect.any(String));
  });

  it('serves the OpenAPI document and Swagger UI without a key', async () => {
    const http = request(w.app());
    const doc = (await http.get('/api/v1/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const route of ROUTES) expect(doc.paths[route.path]?.[route.method]?.operationId).toBe(route.operationId);
    await http.get('/api/v1/docs').expect(301).expect('location', '/api/v1/docs/');
    const page = await http.get('/api/v1/docs/').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    await http.get('/api/v1/docs/swagger-ui-bundle.js').expect(200).expect('content-type', /javascript/);
  });
});
