// The ports of the comparison layer: small interfaces the apps implement (adapters in
// @embedding-studio/search-comparison-mongo, memory versions in ./testing).
import type { ComparisonEnd, ComparisonRecord, LoggedSearch } from './model.js';

export interface StoredComparison {
  record: ComparisonRecord;
  end?: ComparisonEnd;
}

/**
 * Comparisons as insert-only documents: a record per started comparison (`_id` = its id,
 * `<collection>.<seq>`), and at most one end per comparison (`_id` = the comparison id). The
 * unique ids are the only atomic primitive used, so it behaves the same on FerretDB.
 */
export interface ComparisonStore {
  /** The collection's comparison with the highest seq, with its end when it has one. */
  latest(collection: string): Promise<StoredComparison | undefined>;
  get(id: string): Promise<StoredComparison | undefined>;
  /** Every comparison of a collection, newest (highest seq) first. */
  list(collection: string): Promise<StoredComparison[]>;
  /** Every comparison without an end, of every collection. */
  running(): Promise<StoredComparison[]>;
  /** Stores a new record; false when a record with its id exists (another start won). */
  insert(record: ComparisonRecord): Promise<boolean>;
  /** Stores the end unless the comparison has one; answers the stored end (the first writer's). */
  end(end: ComparisonEnd): Promise<ComparisonEnd>;
}

/** Logged searches (clickstream sessions with their click events), as comparisons read them. */
export interface ComparisonSearchLog {
  /** Every logged search of `collection` whose `search_meta.comparison.id` is `comparisonId`. */
  comparisonSearches(collection: string, comparisonId: string): Promise<LoggedSearch[]>;
  /** The newest `limit` logged searches of `collection` answered by profile `version` outside any comparison. */
  profileSearches(collection: string, version: number, limit: number): Promise<LoggedSearch[]>;
}

/** The candidate model as the comparison needs it (implemented over the search layer's ports). */
export interface CandidateRanker {
  /**
   * Checks that `modelId` can rank the collection's active profile (a query adapter of the right
   * dimension) and answers that profile's version and the adapter's artifact key; throws the
   * search layer's errors (`SEARCH_COLLECTION_NOT_FOUND`, `SEARCH_MODEL_NOT_FOUND`, `SEARCH_MODEL_NOT_DEPLOYABLE`).
   */
  check(collection: string, modelId: string): Promise<{ control_version: number; artifact_key: string }>;
  /** Each list of object ids reordered by the candidate's score for its query (ids it cannot score keep their order, last). */
  rerank(collection: string, modelId: string, lists: readonly { query: string; object_ids: readonly string[] }[]): Promise<string[][]>;
}
