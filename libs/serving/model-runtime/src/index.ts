// Public API of @embedding-studio/model-runtime.
export type { EmbeddingMatrix, EmbeddingModel } from './lib/embedding-model.js';
