// The VectorIndex port: what the search layer needs from a vector engine, and nothing engine-shaped.
// Adapters (LanceDB, Weaviate, the exact in-memory index) implement it and run one contract suite
// (`vectorIndexContract` in ./testing).

/** Name of a vector slot in a collection: a named vector (Weaviate) or a vector column (LanceDB). */
export type VectorSlot = string;

/** How two vectors are compared. Scores are always "higher is more similar". */
export type VectorMetric = 'cosine' | 'dot';

/** Type of a payload field; `text` fields are also indexed for keyword (BM25) search where the engine can. */
export type PayloadFieldType = 'keyword' | 'text' | 'int' | 'float' | 'bool';

export interface VectorSlotSpec {
  dims: number;
  metric: VectorMetric;
}

/** A physical collection: its vector slots and the payload fields that filters and hybrid search use. */
export interface CollectionSpec {
  /** Physical name: letters, digits and `_`, starting with a letter, at most 64 characters. */
  name: string;
  vectors: Record<VectorSlot, VectorSlotSpec>;
  /** Declared payload fields; undeclared payload is stored and returned but cannot be filtered on. */
  payload: Record<string, PayloadFieldType>;
}

/** A scalar a filter compares with. */
export type FilterValue = string | number | boolean;

/** The portable filter language; adapters translate it (SQL, Weaviate filters, a JS predicate). */
export type Filter =
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter }
  | { field: string; eq: FilterValue }
  | { field: string; in: FilterValue[] }
  | { field: string; gte?: number; lte?: number; gt?: number; lt?: number };

/** A stored item: its id, its vectors by slot and its payload (JSON values). */
export interface IndexDoc {
  id: string;
  /** Every slot of the collection on insert; on upsert of an existing id, missing slots keep their old vector. */
  vectors: Partial<Record<VectorSlot, Float32Array>>;
  payload: Record<string, unknown>;
}

/** `fast` and `balanced` use the engine's ANN index; `exact` compares with every vector (ground truth). */
export type SearchAccuracy = 'fast' | 'balanced' | 'exact';

export interface VectorSearchRequest {
  /** An alias or a physical collection name. */
  target: string;
  slot: VectorSlot;
  vector: Float32Array;
  k: number;
  filter?: Filter;
  /** Keyword query: with `hybrid` capability, results fuse vector and BM25 ranks; otherwise ignored. */
  text?: string;
  /** Weight of the vector side in hybrid fusion, 0..1. @defaultValue 0.5 */
  alpha?: number;
  accuracy?: SearchAccuracy;
  /** Skip this many hits first (for "load more"). @defaultValue 0 */
  offset?: number;
  /** Return payloads with hits. @defaultValue true */
  withPayload?: boolean;
}

export interface VectorHit {
  id: string;
  /** Higher is better; cosine similarity for `cosine`, inner product for `dot`, a fused score for hybrid. */
  score: number;
  payload?: Record<string, unknown>;
}

export interface VectorIndexCapabilities {
  /** The engine keeps aliases itself (others keep them in the adapter's own store). */
  nativeAliases: boolean;
  /** A vector slot can be added to a live collection. */
  addVectorSlot: boolean;
  /** `text` in a search request fuses keyword and vector ranks. */
  hybrid: boolean;
}

export interface ScanOptions {
  /** Documents per page. @defaultValue 500 */
  batchSize?: number;
  filter?: Filter;
  /** Include vectors in scanned documents. @defaultValue true */
  withVectors?: boolean;
}

export interface AliasSwitch {
  alias: string;
  to: string;
  /**
   * Compare-and-set: the switch happens only while the alias points at this collection
   * (`null`: only while the alias does not exist). Omit to switch unconditionally.
   */
  expect?: string | null;
}

/** The vector engine port. Every method is safe to call concurrently. */
export interface VectorIndex {
  readonly engine: string;
  capabilities(): VectorIndexCapabilities;

  /** Creates the collection, or checks an existing one has the same spec (`VECTOR_INDEX_SPEC_MISMATCH` if not). */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  /** Physical collection names. */
  listCollections(): Promise<string[]>;
  describeCollection(name: string): Promise<CollectionSpec | undefined>;
  /** Drops the collection and its data; a no-op when it does not exist. Refused while an alias points at it. */
  dropCollection(name: string): Promise<void>;
  /** Adds a vector slot to a live collection (only with the `addVectorSlot` capability). */
  addVectorSlot?(collection: string, slot: VectorSlot, spec: VectorSlotSpec): Promise<void>;

  /** Inserts or replaces documents by id; durable when the promise resolves. */
  upsert(collection: string, docs: readonly IndexDoc[]): Promise<void>;
  /** Deletes by ids or by filter; answers how many documents were deleted. */
  delete(collection: string, selector: { ids: readonly string[] } | { filter: Filter }): Promise<number>;
  /** Documents by id, in the order asked; missing ids are left out. */
  get(collection: string, ids: readonly string[], options?: { withVectors?: boolean }): Promise<IndexDoc[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Every document, page by page, in a stable order. */
  scan(collection: string, options?: ScanOptions): AsyncIterable<IndexDoc[]>;
  /** Builds or refreshes the ANN index of a slot (adapters may do it on their own as data grows). */
  optimize?(collection: string): Promise<void>;

  search(request: VectorSearchRequest): Promise<VectorHit[]>;

  aliases: {
    /** The physical collection an alias points at, or `undefined`. */
    resolve(alias: string): Promise<string | undefined>;
    /** Atomically points the alias at `to`; `VECTOR_INDEX_ALIAS_CONFLICT` when `expect` does not hold. */
    switch(change: AliasSwitch): Promise<void>;
    delete(alias: string): Promise<void>;
    list(): Promise<Array<{ alias: string; collection: string }>>;
  };

  close(): Promise<void>;
}
