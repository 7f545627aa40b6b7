// Test helpers of @embedding-studio/vector-index: the exact in-memory index and (soon) the
// contract suite every VectorIndex adapter runs.
export { createMemoryVectorIndex } from './lib/memory/memory-vector-index.js';
