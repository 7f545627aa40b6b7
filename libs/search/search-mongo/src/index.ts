// Public API of @embedding-studio/search-mongo. Name every export; nothing else is importable.
export { createMongoCatalogStore } from './lib/mongo-catalog-store.js';
export type { MongoCatalogStoreOptions } from './lib/mongo-catalog-store.js';
export { COLLECTIONS as SEARCH_MONGO_COLLECTIONS } from './lib/schemas.js';
