// Test helpers of @embedding-studio/fine-tuning-worker: in-memory ports of the runner.
export { createMemoryBatches, createMemoryTaskLeases, createMemoryTracker } from './lib/testing/memory-ports.js';
export type { MemoryTask } from './lib/testing/memory-ports.js';
