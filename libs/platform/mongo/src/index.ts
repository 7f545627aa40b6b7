// Public API of @embedding-studio/mongo.
export { createMongoConnection } from './lib/connection.js';
export type { MongoConnection, MongoConnectionOptions } from './lib/connection.js';
export { MongoDuplicateKeyError, MongoUnavailableError, isDuplicateKeyError, translateMongoError } from './lib/errors.js';
