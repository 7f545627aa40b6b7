// Test helpers of @embedding-studio/search-quality: in-memory adapters of its ports.
export { createMemoryLease, createMemoryMarks, createMemoryRollupStore, createMemorySource } from './lib/memory.js';
