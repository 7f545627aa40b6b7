import request from 'supertest';
import { createApiKeyService, type ApiKeyService } from '@embedding-studio/api-keys';
import { createMongoApiKeyStore } from '@embedding-studio/api-keys-mongo';
import { createClickstreamService, type ClickstreamLimits } from '@embedding-studio/clickstream-core';
import { createTestClock, type TestClock } from '@embedding-studio/primitives/testing';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { createTestDatabase, type TestDatabase } from '@embedding-studio/mongo/testing';
import { createApp, type AccessDeps } from '../../src/app.js';

export const NOW = 1_800_000_000;

/** No keys and no rate limits (ES_AUTH=off), for suites that test something other than the door. */
export const OPEN_ACCESS: AccessDeps = { auth: 'off', perAddress: { perSecond: 0, burst: 1 }, perKey: { perSecond: 0, burst: 1 } };

export interface Harness {
  /** Sends an admin key with every request. */
  http: ReturnType<typeof request.agent>;
  keys: ApiKeyService;
  app: ReturnType<typeof createApp>;
  clock: TestClock;
  db: TestDatabase;
  close(): Promise<void>;
}

/** createApp over the real Mongo adapter on a fresh database of the server in MONGO_URL. */
export async function startApi(name: string, limits: Partial<ClickstreamLimits> = {}, bodyLimitBytes?: number): Promise<Harness> {
  const db = await createTestDatabase(`api_${name}`);
  const clock = createTestClock(NOW * 1000);
  const store = await createMongoClickstreamStore({ connection: db.connection, clock });
  const keys = createApiKeyService({ store: await createMongoApiKeyStore({ connection: db.connection }) });
  const { key } = await keys.create({ scope: 'admin', name: 'e2e' });
  const app = createApp({
    clickstream: createClickstreamService({ store, clock, limits }),
    access: { auth: keys, perAddress: { perSecond: 0, burst: 1 }, perKey: { perSecond: 0, burst: 1 } },
    ready: () => db.ping(),
    ...(bodyLimitBytes === undefined ? {} : { bodyLimitBytes }),
  });
  return { http: request.agent(app).set('authorization', `Bearer ${key}`), keys, app, clock, db, close: () => db.drop() };
}
