/** Raw click statistics of one result under one query, by 0-based position shown. */
export interface DocStats {
  /** Position (as a decimal string) → times shown there in sessions not marked irrelevant. */
  readonly impressions: Readonly<Record<string, number>>;
  /** Position → sessions that clicked it there (at most one per session). */
  readonly clicks: Readonly<Record<string, number>>;
  /** Sessions that showed it and were marked irrelevant. */
  readonly irrelevant: number;
}

/** Everything logged for one (collection, query key). */
export interface QueryFeedback {
  readonly collection: string;
  /** The normalised query ({@link queryKey}). */
  readonly key: string;
  /** The query text as first logged. */
  readonly text: string;
  /** The latest query vector logged with it (unit length), if any. */
  readonly vector: Float32Array | null;
  /** Sessions logged for the query. */
  readonly sessions: number;
  /** Result id → its statistics. */
  readonly docs: ReadonlyMap<string, DocStats>;
}

/** A change to one document's statistics (fields default to nothing). */
export interface DocDelta {
  readonly id: string;
  /** Position → impressions to add (may be negative: an irrelevant flag moves impressions to `irrelevant`). */
  readonly impressions?: Readonly<Record<string, number>>;
  readonly clicks?: Readonly<Record<string, number>>;
  readonly irrelevant?: number;
}

/**
 * An additive, idempotent change to one query's feedback. Deltas commute, so they may be applied
 * in any order; a delta whose `id` was applied before is skipped.
 */
export interface FeedbackDelta {
  /** Idempotency key, unique within the collection (e.g. `c:<session>:<object>`). */
  readonly id: string;
  readonly collection: string;
  /** The normalised query. */
  readonly key: string;
  readonly text: string;
  /** The query vector of this search, when known (replaces the stored one). */
  readonly vector?: readonly number[] | Float32Array;
  /** Sessions to add (1 for the delta that registers a session, else 0). */
  readonly sessions: number;
  readonly docs: readonly DocDelta[];
}

/** A logged query near a given vector. */
export interface NeighbourFeedback {
  readonly feedback: QueryFeedback;
  /** Cosine similarity of the two query vectors. */
  readonly similarity: number;
}

export interface NearestOptions {
  /** Smallest cosine returned. */
  readonly threshold: number;
  /** Most neighbours returned, most similar first. */
  readonly limit: number;
  /** A query key to leave out (the query itself). */
  readonly excludeKey?: string;
}

/**
 * Where feedback statistics live. Writes are incremental and idempotent (as clicks arrive);
 * reads are per query, plus a nearest-query lookup over the stored query vectors. Vectors of
 * another dimension than the probe (logged under another encoder) are never neighbours.
 */
export interface FeedbackStore {
  /** Applies the deltas whose ids are new; answers how many were applied. */
  apply(deltas: readonly FeedbackDelta[]): Promise<{ applied: number }>;
  /** The feedback of one query, or null when nothing was logged for it. */
  get(collection: string, key: string): Promise<QueryFeedback | null>;
  /** Logged queries of the collection whose vectors are closest to `vector`. */
  nearest(collection: string, vector: ArrayLike<number>, options: NearestOptions): Promise<NeighbourFeedback[]>;
  /** Forgets a collection's feedback (for example when the collection is deleted). */
  drop(collection: string): Promise<void>;
}
