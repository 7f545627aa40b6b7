// Public API of @embedding-studio/search-comparison-mongo. Name every export; nothing else is importable.
export { createMongoComparisonStore, createMongoSearchLog } from './lib/mongo-comparison-store.js';
export type { MongoComparisonOptions } from './lib/mongo-comparison-store.js';
export { COLLECTIONS as SEARCH_COMPARISON_COLLECTIONS } from './lib/schemas.js';
