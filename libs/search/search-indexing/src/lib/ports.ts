import type { IndexingJob, PlannedUnit, UnitProgress } from './model.js';

/** A job as stored, with its revision: 1 when created, +1 on every change. */
export interface JobRecord {
  job: IndexingJob;
  revision: number;
}

/**
 * Persistence of indexing jobs. Every change is a compare-and-set on the revision number, which a
 * backend can decide with one unique-key insert (`<id>:<revision>`), so it needs no atomic
 * read-modify-write (docs/adr/0004). Under concurrent calls from any number of processes:
 * `commit` from one revision succeeds for exactly one caller; reads return the newest committed
 * revision once a write has resolved; every resolved write is durable.
 * `jobStoreContract` in `./testing` checks an adapter.
 */
export interface JobStore {
  /** Stores a new job as revision 1; `IndexingDuplicateIdError` when the id exists. */
  insert(job: IndexingJob): Promise<JobRecord>;
  get(id: string): Promise<JobRecord | null>;
  /** Stores `next` as revision `revision + 1` only if `revision` is the newest; else null. */
  commit(next: IndexingJob, revision: number): Promise<JobRecord | null>;
  /** Every pending or running job (newest revision), any order. */
  listActive(): Promise<IndexingJob[]>;
}

/**
 * Per-unit progress and checkpoints of jobs. Only the worker holding a job writes its units, so a
 * plain replace is enough; a stale writer (whose lease was taken over) can at worst move a
 * checkpoint back, which replays items that upserts by id make harmless.
 */
export interface ProgressStore {
  /** Replaces the progress of unit `progress.index` of job `progress.job_id`; durable when resolved. */
  put(progress: UnitProgress): Promise<void>;
  /** Every unit's progress of a job, by index. */
  list(jobId: string): Promise<UnitProgress[]>;
}

/** Queues a run of a job (an Agenda job, in production). */
export interface JobScheduler {
  schedule(jobId: string, options?: { delayMs?: number }): Promise<void>;
}

/** A source of JSONL units (files, S3 objects). */
export interface JsonlSource {
  /** For messages: the folder, file or `s3://bucket/prefix`. */
  readonly name: string;
  /** The units to import, sorted by key. */
  list(): Promise<PlannedUnit[]>;
  /** The bytes of a unit from `offset` on. */
  open(key: string, offset: number, signal: AbortSignal): AsyncIterable<Uint8Array>;
}

/** An item as read from a source: its id and its other fields. */
export interface ImportedItem {
  id: string;
  fields: Record<string, unknown>;
}

/** Vectors of a batch, row-major (an `EmbeddingMatrix` of model-runtime fits). */
export interface EmbeddedBatch {
  readonly count: number;
  readonly dimension: number;
  readonly data: Float32Array;
}

/** What embeds items (an `EmbeddingModel` of model-runtime fits). */
export interface ItemEncoder {
  embedItems(texts: readonly string[]): Promise<EmbeddedBatch>;
}

/** The collection an import writes to, as the search layer opens it. */
export interface ImportTarget {
  readonly encoder: ItemEncoder;
  /** The text embedded for an item; throws a `ValidationError` naming the field when the item has none. */
  textOf(item: ImportedItem): string;
  /** Inserts or replaces items by id with their vectors (row i of `vectors` is item i); durable when resolved. */
  upsert(items: readonly ImportedItem[], vectors: EmbeddedBatch): Promise<void>;
}
