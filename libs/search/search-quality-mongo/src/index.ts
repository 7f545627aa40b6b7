// Public API of @embedding-studio/search-quality-mongo. Name every export; nothing else is importable.
export { createMongoQualityStore } from './lib/mongo-quality-store.js';
export type { MongoQualityStore, MongoQualityStoreOptions } from './lib/mongo-quality-store.js';
export { QUALITY_COLLECTIONS } from './lib/schemas.js';
