import request from 'supertest';
import { createClickstreamService, type ClickstreamLimits } from '@embedding-studio/clickstream-core';
import { createTestClock, type TestClock } from '@embedding-studio/primitives/testing';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { createTestDatabase, type TestDatabase } from '@embedding-studio/mongo/testing';
import { createApp } from '../../src/app.js';

export const NOW = 1_800_000_000;

export interface Harness {
  http: ReturnType<typeof request>;
  clock: TestClock;
  db: TestDatabase;
  close(): Promise<void>;
}

/** createApp over the real Mongo adapter on a fresh database of the server in MONGO_URL. */
export async function startApi(name: string, limits: Partial<ClickstreamLimits> = {}, bodyLimitBytes?: number): Promise<Harness> {
  const db = await createTestDatabase(`api_${name}`);
  const clock = createTestClock(NOW * 1000);
  const store = await createMongoClickstreamStore({ connection: db.connection, clock });
  const app = createApp({
    clickstream: createClickstreamService({ store, clock, limits }),
    ready: () => db.ping(),
    ...(bodyLimitBytes === undefined ? {} : { bodyLimitBytes }),
  });
  return { http: request(app), clock, db, close: () => db.drop() };
}
