// Public API of @embedding-studio/vector-index-weaviate. Name every export; nothing else is importable.
export { createWeaviateVectorIndex } from './lib/weaviate-vector-index.js';
export type { WeaviateVectorIndexOptions } from './lib/weaviate-vector-index.js';
export { fromClassName, toClassName } from './lib/names.js';
