import { ConflictError, UnavailableError, isAppError } from '@embedding-studio/errors';

/** A write violated a unique index. */
export class MongoDuplicateKeyError extends ConflictError {}

/** The database could not be reached or did not answer in time. */
export class MongoUnavailableError extends UnavailableError {}

const NETWORK_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongooseServerSelectionError',
  'MongoPoolClearedError',
]);

/** True for a duplicate-key (E11000) error, also inside bulk write errors. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; writeErrors?: { code?: unknown }[] } | null;
  if (e?.code === 11000 || e?.code === 11001) return true;
  // FerretDB (SQLite backend) reports a unique violation on update as InternalError (code 1).
  if (e?.code === 1 && typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed')) return true;
  return Array.isArray(e?.writeErrors) && e.writeErrors.length > 0 && e.writeErrors.every((w) => w.code === 11000);
}

/**
 * Translates a driver error once, at the adapter edge: duplicate keys → ConflictError
 * (`MONGO_DUPLICATE_KEY`), network and selection failures → UnavailableError
 * (`MONGO_UNAVAILABLE`, retryable). Anything else is returned unchanged.
 */
export function translateMongoError(error: unknown): unknown {
  if (isAppError(error)) return error;
  if (isDuplicateKeyError(error)) {
    const e = error as { keyPattern?: unknown; message?: string };
    return new MongoDuplicateKeyError('MONGO_DUPLICATE_KEY', 'A record with the same unique key already exists.', {
      details: { keyPattern: e.keyPattern ?? null },
      cause: error,
    });
  }
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && NETWORK_ERROR_NAMES.has(name)) {
    return new MongoUnavailableError('MONGO_UNAVAILABLE', 'The database is unreachable; check MONGO_URL and that the server is running, then retry.', {
      cause: error,
    });
  }
  return error;
}

/**
 * Runs `fn` and rethrows whatever it throws through {@link translateMongoError}, so an adapter
 * method reports `MONGO_DUPLICATE_KEY` / `MONGO_UNAVAILABLE` instead of a raw driver error.
 * Wrap each public method of an adapter once, at its edge; errors that are already app errors
 * pass through unchanged.
 *
 * @example
 * ```ts
 * get: (id) => withMongoErrors(async () => toTask(await models.tasks.findById(id).lean())),
 * ```
 */
export async function withMongoErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateMongoError(error);
  }
}
