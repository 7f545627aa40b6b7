// Test helpers of @embedding-studio/fine-tuning-worker: an in-memory batch source for the runner
// (the task service and the tracker have their own in-memory stores).
export { createMemoryBatches } from './lib/testing/memory-batches.js';
