// The records the tracker keeps. Every timestamp is epoch milliseconds (UTC), as MLflow keeps them.

import type { JsonObject } from '@embedding-studio/primitives';

/** A run's parameters: a JSON object. Its canonical JSON names the run. */
export type RunParams = JsonObject;

/** Which way the main metric improves. */
export type MetricMode = 'max' | 'min';

/** The metric that ranks runs and decides which model is an iteration's best. */
export interface MainMetric {
  readonly name: string;
  readonly mode: MetricMode;
}

/**
 * `active` while it trains; `finished` once its task is done (its best model is the next
 * iteration's starting point); `archived` once a later iteration was trained from it.
 */
export type IterationStatus = 'active' | 'finished' | 'archived';

/**
 * One fine-tuning iteration: `iteration / <plugin> / <batch_id>`, or the plugin's
 * `iteration / initial` (batch_id null) that holds the model training started from.
 */
export interface Iteration {
  readonly id: string;
  readonly name: string;
  readonly plugin: string;
  /** The clickstream batch it trained on; null for the initial iteration. */
  readonly batch_id: string | null;
  readonly status: IterationStatus;
  /** The iteration whose best model this one started from; null for the initial iteration. */
  readonly previous_iteration_id: string | null;
  /** null for the initial iteration (nothing is trained there). */
  readonly main_metric: MainMetric | null;
  readonly created_at: number;
  readonly finished_at: number | null;
}

export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled';

/** How a run may end. */
export type RunEndStatus = Exclude<RunStatus, 'running'>;

/** One training run of an iteration: one parameter set. */
export interface Run {
  readonly id: string;
  readonly iteration_id: string;
  /** sha256 (hex) of the canonical JSON of `params`: equal parameters, equal name. */
  readonly name: string;
  readonly params: RunParams;
  readonly status: RunStatus;
  /** The run's best main-metric value; null until it finished with one. */
  readonly best_metric: number | null;
  readonly started_at: number;
  readonly finished_at: number | null;
}

/** One value of a metric series. */
export interface MetricPoint {
  readonly step: number;
  readonly value: number;
  /** When it was logged. */
  readonly time: number;
}

/** A run with its metric series, oldest step first, by metric name. */
export interface RunDetails extends Run {
  readonly metrics: Readonly<Record<string, readonly MetricPoint[]>>;
}

/** An iteration with its runs (oldest first). */
export interface IterationDetails extends Iteration {
  readonly runs: readonly Run[];
}

/** Where a model's bytes are. */
export interface ModelArtifactRef {
  /** Key in the artifact store: `models/<iteration_id>/<run_id|initial>/<sha256>.<ext>`. */
  readonly key: string;
  readonly size: number;
  /** sha256 of the bytes, lowercase hex. */
  readonly sha256: string;
  readonly content_type: string;
}

/** `live`: its artifact is kept; `deleted`: superseded by a better model, artifact removed. */
export type ModelStatus = 'live' | 'deleted';

/** A registry entry: a model that was, at the time it was saved, its iteration's best. */
export interface ModelRecord {
  readonly id: string;
  readonly plugin: string;
  readonly iteration_id: string;
  readonly iteration_name: string;
  /** 1, 2, 3…: its place in the iteration's chain of bests (each better than or equal to the one before). */
  readonly seq: number;
  /** The run that produced it; null for an initial model. */
  readonly run_id: string | null;
  /** The main metric it was saved with; null for an initial model. */
  readonly main_metric: { readonly name: string; readonly value: number } | null;
  readonly artifact: ModelArtifactRef;
  readonly status: ModelStatus;
  readonly created_at: number;
  readonly deleted_at: number | null;
}

/** One page of a listing. */
export interface Page<T> {
  readonly items: readonly T[];
  /** How many records match, over all pages. */
  readonly total: number;
  readonly skip: number;
  readonly limit: number;
}
