// Test helpers of @embedding-studio/search-comparison: in-memory ports and the store contract suite.
export { createMemoryComparisonStore, createMemorySearchLog } from './testing/memory.js';
export type { MemorySearchLog } from './testing/memory.js';
export { comparisonStoreContract } from './testing/store-contract.js';
export type { ComparisonStoreContractOptions } from './testing/store-contract.js';
