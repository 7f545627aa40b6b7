import { randomUUID } from 'node:crypto';
import { createMongoConnection, type MongoConnection } from './connection.js';

export interface TestDatabase extends MongoConnection {
  readonly dbName: string;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/**
 * Connects to a fresh, uniquely named database on the server in `MONGO_URL` (one physical server,
 * one logical namespace per test file). Fails — never skips — when `MONGO_URL` is unset, so an
 * integration run without its service is red. `npm run test:all` starts the services first.
 */
export async function createTestDatabase(prefix: string, env: Record<string, string | undefined> = process.env): Promise<TestDatabase> {
  const url = env['MONGO_URL'];
  if (!url) {
    throw new Error(
      'MONGO_URL is not set: integration tests need a MongoDB-protocol server. Run them through `npm run test:all` ' +
        '(starts FerretDB and MinIO), or `npm run services:up` then `eval "$(bash tools/services/services.sh env)"`, or point MONGO_URL at your own MongoDB.',
    );
  }
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
