import type { Iteration, IterationStatus, MetricPoint, ModelRecord, ModelStatus, Page, Run, RunStatus } from '../model.js';

/** A metric value of one run, as stored. `(run_id, name, step)` is its identity. */
export interface StoredMetricPoint extends MetricPoint {
  readonly run_id: string;
  readonly name: string;
}

/** What {@link ExperimentsStore.listIterations} selects. */
export interface IterationQuery {
  readonly plugin?: string;
  /** Only these statuses (all when absent). */
  readonly statuses?: readonly IterationStatus[];
  /** `initial`: only initial iterations (batch_id null); `batch`: only the others (all when absent). */
  readonly kind?: 'initial' | 'batch';
  /**
   * `created`: newest `created_at` first; `finished`: newest `finished_at` first (records
   * without one last). Ties: higher `id` first.
   */
  readonly order: 'created' | 'finished';
  readonly skip: number;
  readonly limit: number;
}

/** What {@link ExperimentsStore.listModels} selects; newest `created_at` first, ties by higher `id`. */
export interface ModelQuery {
  readonly plugin?: string;
  readonly status?: ModelStatus;
  readonly iterationId?: string;
  readonly skip: number;
  readonly limit: number;
}

/** The fields a run changes after it was created. */
export interface RunUpdate {
  readonly status: RunStatus;
  /** Left as stored when absent. */
  readonly best_metric?: number | null;
  readonly finished_at: number | null;
}

/**
 * Persistence port of the experiments tracker. It stores records whose ids the tracker
 * computes; every decision that concurrent callers could race on is an insert of a unique id
 * (`createIteration`, `createRun`, `createModel`), so an implementation needs unique ids and
 * nothing else to be correct under concurrency: no transactions, no atomic read-modify-write.
 * Each other write has one writer at a time (the process that owns the run or iteration) or
 * writes the same value as any concurrent writer. Returned records are copies. Every resolved
 * write is durable.
 */
export interface ExperimentsStore {
  /** Inserts the iteration unless one with its id exists; returns the stored record either way. */
  createIteration(iteration: Iteration): Promise<{ iteration: Iteration; created: boolean }>;
  getIteration(id: string): Promise<Iteration | null>;
  /** Sets the status (and `finished_at` when given); null for an unknown id. */
  setIterationStatus(id: string, status: IterationStatus, finishedAt?: number): Promise<Iteration | null>;
  listIterations(query: IterationQuery): Promise<Page<Iteration>>;

  /** Inserts the run unless one with its id exists; returns the stored record either way. */
  createRun(run: Run): Promise<{ run: Run; created: boolean }>;
  getRun(id: string): Promise<Run | null>;
  /** null for an unknown id. */
  updateRun(id: string, update: RunUpdate): Promise<Run | null>;
  /** The iteration's runs, oldest `started_at` first (ties by `id`). */
  listRuns(iterationId: string): Promise<Run[]>;

  /** Stores the points; a point with the same `(run_id, name, step)` is replaced. */
  putMetricPoints(points: readonly StoredMetricPoint[]): Promise<void>;
  /** A run's series by metric name, lowest step first; `{}` when it has none. */
  readMetrics(runId: string): Promise<Record<string, MetricPoint[]>>;

  /** Inserts the model record; false (nothing written) when its id is taken. */
  createModel(model: ModelRecord): Promise<boolean>;
  getModel(id: string): Promise<ModelRecord | null>;
  /** Sets `status: 'deleted'` and `deleted_at` (kept when already deleted); null for an unknown id. */
  markModelDeleted(id: string, deletedAt: number): Promise<ModelRecord | null>;
  listModels(query: ModelQuery): Promise<Page<ModelRecord>>;
}
