// Public API of @embedding-studio/clickstream-mongo.
export { createMongoClickstreamStore } from './lib/mongo-clickstream-store.js';
export type { MongoClickstreamStoreOptions } from './lib/mongo-clickstream-store.js';
export { COLLECTIONS as CLICKSTREAM_COLLECTIONS, unpackResults as unpackStoredResults } from './lib/schemas.js';
