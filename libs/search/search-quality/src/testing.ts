// Test helpers of @embedding-studio/search-quality: in-memory adapters of its ports.
export { createMemoryHourStates, createMemoryLease, createMemoryLog, createMemoryRollupStore } from './lib/memory.js';
