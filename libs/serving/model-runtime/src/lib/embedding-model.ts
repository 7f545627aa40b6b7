/** A batch of embeddings: `count` rows of `dimension` floats, row-major. */
export interface EmbeddingMatrix {
  /** Number of rows (one per input text, in input order). */
  readonly count: number;
  /** Values per row. */
  readonly dimension: number;
  /** `count × dimension` values; row `i` is `data.subarray(i * dimension, (i + 1) * dimension)`. */
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
  /** Length of every vector this model returns. */
  readonly dimension: number;
  /** Embeds search queries; row `i` of the result belongs to `texts[i]`. */
  embedQueries(texts: readonly string[]): Promise<EmbeddingMatrix>;
  /** Embeds indexed items (documents, products); row `i` of the result belongs to `texts[i]`. */
  embedItems(texts: readonly string[]): Promise<EmbeddingMatrix>;
  /** Releases native resources (ONNX sessions, tensors). Safe to call twice. */
  dispose(): Promise<void>;
}
