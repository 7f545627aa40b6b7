import mongoose, { type Connection } from 'mongoose';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import { translateMongoError, withMongoErrors } from './errors.js';

export interface MongoConnectionOptions {
  /** `mongodb://…` connection string (MongoDB 6+ or FerretDB). */
  url: string;
  /** Database name; overrides the one in the URL. @defaultValue the URL's, else 'embedding_studio' */
  dbName?: string;
  /** How long to wait for a reachable server before failing. @defaultValue 10000 */
  serverSelectionTimeoutMS?: number;
  logger?: Logger;
}

export interface MongoConnection {
  readonly connection: Connection;
  /** Round-trips a `ping`; throws UnavailableError when the server does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a mongoose connection whose writes are acknowledged by the server and journaled where
 * the server supports it (`w: 'majority', j: true`), so a resolved write is durable.
 */
export async function createMongoConnection(options: MongoConnectionOptions): Promise<MongoConnection> {
  const logger = (options.logger ?? noopLogger).child({ lib: 'mongo' });
  const dbName = options.dbName ?? (dbNameFromUrl(options.url) || 'embedding_studio');
  const connection = mongoose.createConnection(options.url, {
    dbName,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000,
    writeConcern: { w: 'majority', journal: true },
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw translateMongoError(error);
  }
  logger.info('connected to MongoDB', { db: dbName });
  return {
    connection,
    async ping() {
      await withMongoErrors(() => connection.db!.admin().command({ ping: 1 }));
    },
    async close() {
      await connection.close();
    },
  };
}

function dbNameFromUrl(url: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(url);
  return decodeURIComponent(match?.[1] ?? '');
}
