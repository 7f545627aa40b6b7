import { withMongoErrors } from './errors.js';

/** What {@link ensureCollections} calls on each model; every mongoose `Model` has both. */
export interface CollectionModel {
  /** Creates the model's collection; rejects when it exists already. */
  createCollection(): Promise<unknown>;
  /** Builds the indexes declared on the model's schema. */
  createIndexes(): Promise<unknown>;
}

/**
 * Creates the collections and indexes of an adapter's models, once, when the adapter opens.
 * Connections from {@link createMongoConnection} turn mongoose's `autoCreate`/`autoIndex` off, so
 * an adapter calls this before its first read or write.
 *
 * Every collection is created first (a collection that exists already is not an error, so a
 * rejected `createCollection` is ignored), then every index. It is idempotent: running it again,
 * or from several processes at once, changes nothing. An index that cannot be built rejects,
 * translated by {@link translateMongoError} (an unreachable server → `MONGO_UNAVAILABLE`, a unique
 * index over existing duplicates → `MONGO_DUPLICATE_KEY`).
 *
 * @param models - the adapter's models by name (an object whose values are models) or a list of them
 */
export async function ensureCollections<M extends { readonly [K in keyof M]: CollectionModel }>(
  models: M | readonly CollectionModel[],
): Promise<void> {
  const list = Object.values(models) as CollectionModel[];
  await withMongoErrors(async () => {
    await Promise.all(list.map((model) => model.createCollection().catch(() => undefined)));
    await Promise.all(list.map((model) => model.createIndexes()));
  });
}
