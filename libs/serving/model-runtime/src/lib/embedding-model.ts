/** A batch of embeddings: `count` rows of `dimension` floats, row-major. */
export interface EmbeddingMatrix {
  readonly count: number;
  readonly dimension: number;
  readonly data: Float32Array;
}

/**
 * Anything that turns text into vectors. Queries and items may be embedded differently
 * (query-side adapters, asymmetric models); `id` + `version` identify the exact weights, so
 * cached vectors can be keyed by them.
 */
export interface EmbeddingModel {
  /** Stable identifier, e.g. `sentence-transformers/all-MiniLM-L6-v2`. */
  readonly id: string;
  /** Content hash (or other exact version) of the weights in use. */
  readonly version: string;
  readonly dimension: number;
  embedQueries(texts: readonly string[]): Promise<EmbeddingMatrix>;
  embedItems(texts: readonly string[]): Promise<EmbeddingMatrix>;
  /** Releases native resources (ONNX sessions, tensors). Safe to call twice. */
  dispose(): Promise<void>;
}
