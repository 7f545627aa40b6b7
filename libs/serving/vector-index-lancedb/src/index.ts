// Public API of @embedding-studio/vector-index-lancedb. Name every export; nothing else is importable.
export { createLanceDbVectorIndex } from './lib/lancedb-vector-index.js';
export type { LanceDbSearchTuning, LanceDbVectorIndex, LanceDbVectorIndexOptions } from './lib/lancedb-vector-index.js';
