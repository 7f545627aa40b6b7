// Indexing jobs: imports of JSONL items and blue/green reindexes, and the progress they report.

/** Where an import reads JSONL from. */
export type ImportSource = { kind: 'jsonl'; path: string } | { kind: 's3'; prefix: string; bucket?: string };

export interface ImportSpec {
  source: ImportSource;
  /** Field of each JSON object that holds the item id. @defaultValue 'id' */
  id_field: string;
  /** Items embedded and upserted together. @defaultValue 64 */
  batch_size: number;
}

/** A blue/green reindex: a new physical collection version built with another encoder, gated, then switched to. */
export interface ReindexSpec {
  /** The encoder of the new version (a name the deployment knows). */
  encoder: string;
  /** Items re-embedded and upserted together. @defaultValue 64 */
  batch_size: number;
  /** Gate thresholds and inputs. */
  gate: ReindexGateSpec;
}

export interface ReindexGateSpec {
  /** Items sampled for ANN recall@10 against exact search. @defaultValue 200 */
  recall_sample: number;
  /** Lowest accepted recall@10. @defaultValue 0.95 */
  min_recall: number;
  /** Logged sessions with clicks sampled for held-out MRR. @defaultValue 200 */
  clicks_sample: number;
  /** The new version's MRR may be this much below the old one. @defaultValue 0.02 */
  mrr_tolerance: number;
  /** Fixed general queries with their expected items (a guard against forgetting); empty skips the check. */
  queries: Array<{ query: string; expected: string[] }>;
  /** The new version's mean hit rate on `queries` may be this much below the old one. @defaultValue 0 */
  queries_tolerance: number;
}

export type IndexingJobKind = 'import' | 'reindex';
export type IndexingJobStatus = 'pending' | 'running' | 'done' | 'error';

/** One readable unit of a source: a file or an S3 object, listed once when the job first runs. */
export interface PlannedUnit {
  key: string;
  size: number;
}

export interface JobLease {
  owner: string;
  expires_at: Date;
}

export interface JobError {
  name: string;
  code: string;
  message: string;
}

/** An indexing job as stored; every change is a new revision (compare-and-set). */
export interface IndexingJob {
  id: string;
  kind: IndexingJobKind;
  /** The logical collection the job writes to. */
  collection: string;
  status: IndexingJobStatus;
  /** `ImportSpec` for imports, `ReindexSpec` for reindexes. */
  import?: ImportSpec;
  reindex?: ReindexSpec;
  /** Units of the source, fixed at the first run so a resumed run reads the same ones. */
  units?: PlannedUnit[];
  /** Reindex stage and its state (build target, gate result). */
  stage?: string;
  state?: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  attempt: number;
  lease?: JobLease;
  /** Start of the current (or last) attempt. */
  attempt_started_at?: Date;
  /** A re-queued job is not run before this time. */
  retry_at?: Date;
  finished_at?: Date;
  error?: JobError;
  result?: Record<string, unknown>;
}

/** A line that was not imported: where it is and what is wrong with it. */
export interface RejectedLine {
  unit: string;
  line: number;
  field: string;
  message: string;
}

/**
 * Progress and checkpoint of one unit of a job. `offset`/`line` say how far the source is
 * durably indexed: a resumed run reads on from there. `read` and `embedded` may run ahead of it.
 */
export interface UnitProgress {
  job_id: string;
  /** Position of the unit in the job's plan. */
  index: number;
  unit: string;
  size: number;
  /** Bytes consumed up to the checkpoint. */
  offset: number;
  /** Lines consumed up to the checkpoint. */
  line: number;
  done: boolean;
  read: number;
  embedded: number;
  indexed: number;
  rejected: number;
  /** The first rejected lines (at most {@link MAX_REJECTS_KEPT} per unit). */
  rejects: RejectedLine[];
  embed_ms: number;
  index_ms: number;
  /** When this unit's current run began, and its counters then (for the rate). */
  resumed_at: Date;
  resumed_indexed: number;
  resumed_offset: number;
  updated_at: Date;
}

export const MAX_REJECTS_KEPT = 20;
