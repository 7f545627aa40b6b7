import { randomUUID } from 'node:crypto';
import { createMongoConnection, type MongoConnection } from './connection.js';

export interface TestDatabase extends MongoConnection {
  readonly dbName: string;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** A fresh test database opened twice, as two processes sharing one database would. */
export interface TestDatabasePair {
  /** The fresh database on its first connection. */
  readonly db: TestDatabase;
  /** A second, independent connection (own pool, own mongoose models) to the same database. */
  readonly second: MongoConnection;
  /** Closes the second connection, then drops the database and closes the first. */
  close(): Promise<void>;
}

/**
 * Connects to a fresh, uniquely named database on the server in `MONGO_URL` (one physical server,
 * one logical namespace per test file). Fails — never skips — when `MONGO_URL` is unset, so an
 * integration run without its service is red. `npm run test:all` starts the services first.
 */
export async function createTestDatabase(prefix: string, env: Record<string, string | undefined> = process.env): Promise<TestDatabase> {
  const url = requireMongoUrl(env);
  const dbName = `${prefix.replace(/[^a-zA-Z0-9_]/g, '_')}_test_${randomUUID().slice(0, 8)}`;
  const conn = await createMongoConnection({ url, dbName, serverSelectionTimeoutMS: 5_000 });
  return {
    ...conn,
    dbName,
    async drop() {
      await conn.connection.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

/**
 * Like {@link createTestDatabase}, plus a second connection to the same database, for tests that
 * run two adapter instances against one store (what two processes would do). Fails — never
 * skips — when `MONGO_URL` is unset. If the second connection cannot be opened, the database is
 * dropped before the error is rethrown.
 *
 * @example
 * ```ts
 * const pair = await createTestDatabasePair('clickstream_mongo');
 * const store = await createMongoClickstreamStore({ connection: pair.db.connection });
 * const peer = await createMongoClickstreamStore({ connection: pair.second.connection });
 * // … afterwards: await pair.close();
 * ```
 */
export async function createTestDatabasePair(prefix: string, env: Record<string, string | undefined> = process.env): Promise<TestDatabasePair> {
  const url = requireMongoUrl(env);
  const db = await createTestDatabase(prefix, env);
  let second: MongoConnection;
  try {
    second = await createMongoConnection({ url, dbName: db.dbName, serverSelectionTimeoutMS: 5_000 });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    db,
    second,
    async close() {
      try {
        await second.close();
      } finally {
        await db.drop();
      }
    },
  };
}

function requireMongoUrl(env: Record<string, string | undefined>): string {
  const url = env['MONGO_URL'];
  if (!url) {
    throw new Error(
      'MONGO_URL is not set: integration tests need a MongoDB-protocol server. Run them through `npm run test:all` ' +
        '(starts FerretDB and MinIO), or `npm run services:up` then `eval "$(bash tools/services/services.sh env)"`, or point MONGO_URL at your own MongoDB.',
    );
  }
  return url;
}
