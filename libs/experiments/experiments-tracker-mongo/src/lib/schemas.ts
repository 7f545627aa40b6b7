import { Schema, type Connection, type Model } from 'mongoose';
import type { IterationStatus, MainMetric, ModelArtifactRef, ModelStatus, RunStatus } from '@embedding-studio/experiments-tracker';

/** Collection names; every one is owned by this adapter. */
export const COLLECTIONS = {
  iterations: 'experiment_iterations',
  runs: 'experiment_runs',
  metrics: 'experiment_metric_points',
  models: 'experiment_models',
} as const;

/** Shape version written into every document (`v`). */
export const DOCUMENT_VERSION = 1;

export interface IterationDoc {
  /** The iteration id (derived from plugin and batch id by the tracker). */
  _id: string;
  v: number;
  name: string;
  plugin: string;
  batch_id: string | null;
  status: IterationStatus;
  previous_iteration_id: string | null;
  main_metric: MainMetric | null;
  created_at: number;
  finished_at: number | null;
}

export interface RunDoc {
  /** The run id (derived from iteration id and run name): resuming is a duplicate key. */
  _id: string;
  v: number;
  iteration_id: string;
  name: string;
  /** The params as JSON text: keys with `.` or `$` and key order survive on every server. */
  params_json: string;
  status: RunStatus;
  best_metric: number | null;
  started_at: number;
  finished_at: number | null;
}

export interface MetricPointDoc {
  /** `JSON.stringify([run_id, name, step])`: one document per point, written by the run's owner. */
  _id: string;
  v: number;
  run_id: string;
  name: string;
  step: number;
  value: number;
  time: number;
}

export interface ModelDoc {
  /** The model id `(iteration, seq)`: becoming the next best is one unique insert. */
  _id: string;
  v: number;
  plugin: string;
  iteration_id: string;
  iteration_name: string;
  seq: number;
  run_id: string | null;
  main_metric: { name: string; value: number } | null;
  artifact: ModelArtifactRef;
  status: ModelStatus;
  created_at: number;
  deleted_at: number | null;
}

const options = { versionKey: false, minimize: false, strict: true } as const;

const iterationSchema = new Schema<IterationDoc>(
  {
    _id: { type: String, required: true },
    v: { type: Number, required: true },
    name: { type: String, required: true },
    plugin: { type: String, required: true },
    batch_id: { type: String, default: null },
    status: { type: String, required: true, enum: ['active', 'finished', 'archived'] },
    previous_iteration_id: { type: String, default: null },
    main_metric: { type: Schema.Types.Mixed, default: null },
    created_at: { type: Number, required: true },
    finished_at: { type: Number, default: null },
  },
  { ...options, collection: COLLECTIONS.iterations },
);
iterationSchema.index({ created_at: -1, _id: -1 }, { name: 'newest' });
iterationSchema.index({ plugin: 1, status: 1, finished_at: -1 }, { name: 'plugin_status_finished' });

const runSchema = new Schema<RunDoc>(
  {
    _id: { type: String, required: true },
    v: { type: Number, required: true },
    iteration_id: { type: String, required: true },
    name: { type: String, required: true },
    params_json: { type: String, required: true },
    status: { type: String, required: true, enum: ['running', 'finished', 'failed', 'cancelled'] },
    best_metric: { type: Number, default: null },
    started_at: { type: Number, required: true },
    finished_at: { type: Number, default: null },
  },
  { ...options, collection: COLLECTIONS.runs },
);
runSchema.index({ iteration_id: 1, started_at: 1 }, { name: 'iteration_started' });

const metricSchema = new Schema<MetricPointDoc>(
  {
    _id: { type: String, required: true },
    v: { type: Number, required: true },
    run_id: { type: String, required: true },
    name: { type: String, required: true },
    step: { type: Number, required: true },
    value: { type: Number, required: true },
    time: { type: Number, required: true },
  },
  { ...options, collection: COLLECTIONS.metrics },
);
metricSchema.index({ run_id: 1, name: 1, step: 1 }, { name: 'run_series' });

const artifactSchema = new Schema<ModelArtifactRef>(
  {
    key: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    content_type: { type: String, required: true },
  },
  { _id: false },
);

const modelSchema = new Schema<ModelDoc>(
  {
    _id: { type: String, required: true },
    v: { type: Number, required: true },
    plugin: { type: String, required: true },
    iteration_id: { type: String, required: true },
    iteration_name: { type: String, required: true },
    seq: { type: Number, required: true },
    run_id: { type: String, default: null },
    main_metric: { type: Schema.Types.Mixed, default: null },
    artifact: { type: artifactSchema, required: true },
    status: { type: String, required: true, enum: ['live', 'deleted'] },
    created_at: { type: Number, required: true },
    deleted_at: { type: Number, default: null },
  },
  { ...options, collection: COLLECTIONS.models },
);
// Unique: one record per place in an iteration's chain of bests, whatever the id scheme.
modelSchema.index({ iteration_id: 1, seq: 1 }, { unique: true, name: 'iteration_seq_unique' });
modelSchema.index({ created_at: -1, _id: -1 }, { name: 'newest' });
modelSchema.index({ plugin: 1, status: 1, created_at: -1 }, { name: 'plugin_status_newest' });

export interface ExperimentsModels {
  iterations: Model<IterationDoc>;
  runs: Model<RunDoc>;
  metrics: Model<MetricPointDoc>;
  models: Model<ModelDoc>;
}

export function experimentsModels(connection: Connection): ExperimentsModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    iterations: get('ExperimentIteration', iterationSchema),
    runs: get('ExperimentRun', runSchema),
    metrics: get('ExperimentMetricPoint', metricSchema),
    models: get('ExperimentModel', modelSchema),
  };
}
