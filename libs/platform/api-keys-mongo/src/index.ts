// Public API of @embedding-studio/api-keys-mongo.
export { API_KEY_COLLECTIONS, createMongoApiKeyStore } from './lib/mongo-api-key-store.js';
export type { MongoApiKeyStoreOptions } from './lib/mongo-api-key-store.js';
