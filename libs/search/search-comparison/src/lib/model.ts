// The comparison data model. Field names are the public JSON contract of the HTTP API.

export type ComparisonMethod = 'interleaving' | 'ab';
export type ComparisonStatus = 'running' | 'stopped' | 'decided';
export type ComparisonDecision = 'candidate' | 'control' | 'no_difference';
/** Which ranking a shown result (interleaving) or a whole search (A/B) came from. */
export type Team = 'control' | 'candidate';

/** A started comparison, as stored once (never updated). Times are epoch seconds. */
export interface ComparisonRecord {
  /** `<collection>.<seq>`: the seq-th comparison of the collection. */
  id: string;
  collection: string;
  /** 1, 2, 3… per collection; the unique `_id` of the record makes "one running" a compare-and-set. */
  seq: number;
  method: ComparisonMethod;
  /** The collection's active profile version when the comparison started (the control). */
  control_version: number;
  candidate_model_id: string;
  /** Where the candidate adapter's bundle is, so serving never reads the model registry. */
  candidate_artifact_key: string;
  share: number;
  alpha: number;
  min_queries: number;
  max_queries: number;
  started_at: number;
}

/** The counters of a comparison at some point. */
export interface ComparisonCounts {
  queries: number;
  wins_candidate: number;
  wins_control: number;
  ties: number;
  /** Interleaving: wins_candidate / (wins_candidate + wins_control). A/B: candidate CTR − control CTR. */
  win_rate: number | null;
  ci: [number, number] | null;
  p_value: number | null;
}

/** How a comparison ended, stored once (the first of a stop and a decision wins). */
export interface ComparisonEnd {
  id: string;
  status: 'stopped' | 'decided';
  decision: ComparisonDecision | null;
  ended_at: number;
  /** The counters at the end; they never change afterwards. */
  counts: ComparisonCounts;
}

/** What the API answers for a comparison. Times are ISO-8601. */
export interface Comparison extends ComparisonCounts {
  id: string;
  collection: string;
  method: ComparisonMethod;
  control_version: number;
  candidate_model_id: string;
  share: number;
  alpha: number;
  min_queries: number;
  max_queries: number;
  status: ComparisonStatus;
  decision: ComparisonDecision | null;
  started_at: string;
  ended_at: string | null;
}

/** A logged search as the comparison reads it back: its first page and its clicks. */
export interface LoggedSearch {
  search_id: string;
  query: string;
  created_at: number;
  /** Shown results, in rank order. */
  results: { object_id: string; rank: number }[];
  search_meta: Record<string, unknown> | null;
  /** Object ids of the session's click events (repeats allowed). */
  clicks: string[];
}

/** `search_meta.comparison` of a search that took part in a comparison. */
export type ComparisonMark =
  | { id: string; method: 'interleaving'; teams: Team[] }
  | { id: string; method: 'ab'; arm: Team };

/** One search's credit. */
export type Outcome = { method: 'interleaving'; winner: Team | 'tie' } | { method: 'ab'; arm: Team; clicked: boolean };
