// Public API of @embedding-studio/mongo.
export { ensureCollections } from './lib/collections.js';
export type { CollectionModel } from './lib/collections.js';
export { createMongoConnection } from './lib/connection.js';
export type { MongoConnection, MongoConnectionOptions } from './lib/connection.js';
export { newestRevision } from './lib/revisions.js';
export { MongoDuplicateKeyError, MongoUnavailableError, isDuplicateKeyError, translateMongoError, withMongoErrors } from './lib/errors.js';
