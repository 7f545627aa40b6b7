// Test helpers of @embedding-studio/search-core (builders, in-memory adapters, contract suites).
export { createMemoryCatalogStore } from './lib/memory-catalog-store.js';
