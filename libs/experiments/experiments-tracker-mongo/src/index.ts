// Public API of @embedding-studio/experiments-tracker-mongo.
export { createMongoExperimentsStore } from './lib/mongo-experiments-store.js';
export type { MongoExperimentsStoreOptions } from './lib/mongo-experiments-store.js';
export { COLLECTIONS as EXPERIMENTS_COLLECTIONS, DOCUMENT_VERSION as EXPERIMENTS_DOCUMENT_VERSION } from './lib/schemas.js';
