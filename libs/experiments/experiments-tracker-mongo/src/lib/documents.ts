// Records ↔ documents. Pure, so they are unit-tested without a server.
import type { Iteration, ModelRecord, Run, RunParams, StoredMetricPoint } from '@embedding-studio/experiments-tracker';
import { DOCUMENT_VERSION, type IterationDoc, type MetricPointDoc, type ModelDoc, type RunDoc } from './schemas.js';

export const toIteration = (d: IterationDoc): Iteration => ({
  id: d._id,
  name: d.name,
  plugin: d.plugin,
  batch_id: d.batch_id ?? null,
  status: d.status,
  previous_iteration_id: d.previous_iteration_id ?? null,
  main_metric: d.main_metric ? { name: d.main_metric.name, mode: d.main_metric.mode } : null,
  created_at: d.created_at,
  finished_at: d.finished_at ?? null,
});

export const toRun = (d: RunDoc): Run => ({
  id: d._id,
  iteration_id: d.iteration_id,
  name: d.name,
  params: JSON.parse(d.params_json) as RunParams,
  status: d.status,
  best_metric: d.best_metric ?? null,
  started_at: d.started_at,
  finished_at: d.finished_at ?? null,
});

export const toModel = (d: ModelDoc): ModelRecord => ({
  id: d._id,
  plugin: d.plugin,
  iteration_id: d.iteration_id,
  iteration_name: d.iteration_name,
  seq: d.seq,
  run_id: d.run_id ?? null,
  main_metric: d.main_metric ? { name: d.main_metric.name, value: d.main_metric.value } : null,
  artifact: { key: d.artifact.key, size: d.artifact.size, sha256: d.artifact.sha256, content_type: d.artifact.content_type },
  status: d.status,
  created_at: d.created_at,
  deleted_at: d.deleted_at ?? null,
});

export const fromIteration = (it: Iteration): IterationDoc => ({
  _id: it.id,
  v: DOCUMENT_VERSION,
  name: it.name,
  plugin: it.plugin,
  batch_id: it.batch_id,
  status: it.status,
  previous_iteration_id: it.previous_iteration_id,
  main_metric: it.main_metric ? { name: it.main_metric.name, mode: it.main_metric.mode } : null,
  created_at: it.created_at,
  finished_at: it.finished_at,
});

export const fromRun = (r: Run): RunDoc => ({
  _id: r.id,
  v: DOCUMENT_VERSION,
  iteration_id: r.iteration_id,
  name: r.name,
  params_json: JSON.stringify(r.params),
  status: r.status,
  best_metric: r.best_metric,
  started_at: r.started_at,
  finished_at: r.finished_at,
});

export const fromModel = (m: ModelRecord): ModelDoc => ({
  _id: m.id,
  v: DOCUMENT_VERSION,
  plugin: m.plugin,
  iteration_id: m.iteration_id,
  iteration_name: m.iteration_name,
  seq: m.seq,
  run_id: m.run_id,
  main_metric: m.main_metric ? { name: m.main_metric.name, value: m.main_metric.value } : null,
  artifact: { ...m.artifact },
  status: m.status,
  created_at: m.created_at,
  deleted_at: m.deleted_at,
});

/** One metric point's document; `_id` is `JSON.stringify([run_id, name, step])`. */
export const metricPointDoc = (p: StoredMetricPoint): MetricPointDoc => ({
  _id: JSON.stringify([p.run_id, p.name, p.step]),
  v: DOCUMENT_VERSION,
  run_id: p.run_id,
  name: p.name,
  step: p.step,
  value: p.value,
  time: p.time,
});
