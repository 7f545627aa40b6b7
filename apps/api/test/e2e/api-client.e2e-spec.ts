import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApiClientError, createApiClient, renderClient } from '@embedding-studio/api-client';
import { OPENAPI_INFO, buildOpenApiDocument } from '../../src/http/access/openapi.js';
import { ROUTES } from '../../src/http/access/route-table.js';
import { NOW, startApi, type Harness } from './setup.js';

describe('@embedding-studio/api-client against the API', () => {
  let h: Harness;
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    h = await startApi('client');
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });
  afterAll(async () => {
    server.close();
    await h.close();
  });

  it('is generated from the current OpenAPI document (run `npx nx run api:api-client` when this fails)', () => {
    const document = buildOpenApiDocument(ROUTES, OPENAPI_INFO) as Parameters<typeof renderClient>[0];
    const committed = readFileSync(fileURLToPath(new URL('../../../../libs/platform/api-client/src/lib/operations.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(renderClient(document));
  });

  it('writes with an ingest key, reads with a read key, and surfaces 403 as ApiClientError', async () => {
    const ingest = createApiClient({ baseUrl, key: (await h.keys.create({ scope: 'ingest' })).key });
    const read = createApiClient({ baseUrl, key: (await h.keys.create({ scope: 'read' })).key });
    await ingest.registerSession({ body: { session_id: 'c-1', search_query: 'q', search_results: [{ object_id: 'a' }, { object_id: 'b' }], created_at: NOW } });
    await ingest.addEvents({ body: { session_id: 'c-1', events: [{ event_id: 'e1', object_id: 'b', created_at: NOW }] } });
    expect(await read.getSession({ query: { session_id: 'c-1' } })).toMatchObject({ session_id: 'c-1', events: [expect.objectContaining({ object_id: 'b' })] });
    const refused = await ingest.getSession({ query: { session_id: 'c-1' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiClientError);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'API_KEY_SCOPE_FORBIDDEN' } } });
    expect(await createApiClient({ baseUrl }).ping()).toEqual({});
  });
});
