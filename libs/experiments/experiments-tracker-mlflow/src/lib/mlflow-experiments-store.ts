import { randomUUID } from 'node:crypto';
import type {
  ExperimentsStore,
  Iteration,
  IterationStatus,
  MetricPoint,
  ModelRecord,
  Run,
  RunStatus,
  StoredMetricPoint,
} from '@embedding-studio/experiments-tracker';
import { selectIterations, selectModels, sortRuns } from '@embedding-studio/experiments-tracker';
import { MlflowRecordTooLargeError, isMlflowError } from '../errors.js';
import { valueOf, type MlflowMetric, type MlflowRun } from './client.js';
import { KIND, openNamespace, type NamespaceOptions } from './namespace.js';

export interface MlflowExperimentsStoreOptions extends NamespaceOptions {
  /**
   * The URI the registry gives a model version as its `source`, from the model's artifact key
   * and the MLflow run that produced it (an initial model gets a run `initial model` of its own).
   * @defaultValue `runs:/<run>/<key>`
   */
  modelSource?: (artifactKey: string, mlflowRunId: string) => string;
}

/** MLflow keeps at most this many characters in a param value (MLflow 2.x and 3.x). */
export const MLFLOW_PARAM_VALUE_LIMIT = 6_000;
/** …and in an experiment tag value. */
export const MLFLOW_TAG_VALUE_LIMIT = 5_000;

const RECORD = 'es.record';
const STATE = 'es.state';
const TOKEN = 'es.token';
const DELETED_AT = 'es.deleted_at';

const RUN_STATUS: Readonly<Record<RunStatus, string>> = { running: 'RUNNING', finished: 'FINISHED', failed: 'FAILED', cancelled: 'KILLED' };

type IterationState = Pick<Iteration, 'status' | 'finished_at'>;
type RunState = Pick<Run, 'status' | 'best_metric' | 'finished_at'>;

/** Flattens params into MLflow's string params for its UI: `{ a: { b: 1 } }` → `a.b = "1"`. */
export function flattenParams(params: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    for (const [k, v] of Object.entries(params)) flattenParams(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (prefix !== '') {
    // MLflow param keys allow letters, digits, `_ - . / :` and spaces.
    const key = prefix.replace(/[^A-Za-z0-9_\-./: ]/g, '_').slice(0, 250);
    out[key] = (typeof params === 'string' ? params : JSON.stringify(params)).slice(0, MLFLOW_PARAM_VALUE_LIMIT);
  }
  return out;
}

/**
 * Reads a series as the port defines it from MLflow's history: one value per step, the one
 * logged last (highest timestamp; MLflow keeps every logged value).
 */
export function latestPerStep(history: readonly MlflowMetric[]): MetricPoint[] {
  const byStep = new Map<number, MetricPoint>();
  for (const m of history) {
    const point = { step: Number(m.step ?? 0), value: Number(m.value), time: Number(m.timestamp) };
    const seen = byStep.get(point.step);
    if (!seen || point.time >= seen.time) byStep.set(point.step, point);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/**
 * The `ExperimentsStore` port on a real MLflow tracking server, through its REST API, so teams
 * that live in MLflow watch fine-tuning in its UI:
 *
 * - an iteration is an experiment `<namespace>/<iteration id>` (its name in the description);
 * - a run is an MLflow run in it, named by the params hash, with the params flattened into
 *   MLflow params, the metric series as MLflow metrics (step = the tracker's step) and the
 *   status as the run's status;
 * - a model record is a version of the registered model `<namespace>.<plugin>` while it is
 *   live (deleted when a better one supersedes it), its source the producing run's artifacts.
 *
 * MLflow has no "insert unless this id exists" for runs or model versions, and its server
 * assigns their ids. The port's races are decided instead by MLflow's two atomic primitives:
 * an experiment name is unique (a create of a taken name fails), and a run's param cannot be
 * changed once logged. A "claim" is an experiment `<namespace>/.claims/<kind>/<id>` created
 * with the record in its tags and deleted right away (a deleted experiment keeps its name
 * taken and its tags readable, and the UI hides it). See the README "How it maps to MLflow".
 */
export function createMlflowExperimentsStore(options: MlflowExperimentsStoreOptions): ExperimentsStore {
  const space = openNamespace(options);
  const { api, ns, iterationExperiment, claimName, claim, readClaim, ensureExperiment, bindRun, tagsOf } = space;
  // Registered model names cannot hold `/` or `:`.
  const registeredModel = (plugin: string) => `${ns}.${plugin}`.replace(/[/:]/g, '_');
  const modelSource = options.modelSource ?? ((key: string, runId: string) => `runs:/${runId}/${key}`);

  const checkSize = (kind: string, id: string, value: string, limit: number): string => {
    if (value.length > limit) throw new MlflowRecordTooLargeError(kind, id, value.length, limit);
    return value;
  };

  // ---- iterations ------------------------------------------------------------------------

  const iterationTags = (it: Iteration, token: string): Record<string, string> => ({
    [KIND]: 'iteration',
    [RECORD]: checkSize('iteration', it.id, JSON.stringify({ ...it, [TOKEN]: token }), MLFLOW_TAG_VALUE_LIMIT),
    'es.plugin': it.plugin,
    'es.batch_id': it.batch_id ?? '',
    'mlflow.note.content': it.name,
  });

  function readIteration(tags: Record<string, string>): { iteration: Iteration; token: string } | null {
    const raw = tags[RECORD];
    if (raw === undefined) return null;
    const { [TOKEN]: token, ...record } = JSON.parse(raw) as Iteration & { [TOKEN]: string };
    const state = tags[STATE] === undefined ? {} : (JSON.parse(tags[STATE]) as IterationState);
    return { iteration: { ...record, ...state }, token };
  }

  async function findIteration(id: string): Promise<{ experimentId: string; iteration: Iteration; token: string } | null> {
    const e = await api.getExperimentByName(iterationExperiment(id));
    if (!e || e.lifecycle_stage !== 'active') return null;
    const read = readIteration(tagsOf(e));
    if (read) return { experimentId: e.experiment_id, ...read };
    // The experiment was made for a run logged before its iteration; the record is in a claim.
    const claimed = await readClaim(`iteration/${id}`);
    const fromClaim = claimed ? readIteration(claimed) : null;
    return fromClaim ? { experimentId: e.experiment_id, ...fromClaim } : null;
  }

  async function createIteration(iteration: Iteration): Promise<{ iteration: Iteration; created: boolean }> {
    const token = randomUUID();
    const tags = iterationTags(iteration, token);
    try {
      await api.createExperiment(iterationExperiment(iteration.id), tags);
      return { iteration, created: true };
    } catch (error) {
      if (!isMlflowError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    const found = await findIteration(iteration.id);
    if (found) return { iteration: found.iteration, created: found.token === token };
    // A run made the experiment first: decide by a claim, then the winner writes the record.
    const stored = readIteration(await claim(`iteration/${iteration.id}`, tags));
    if (!stored) throw new Error(`the claim of iteration ${iteration.id} holds no record`);
    const created = stored.token === token;
    if (created) {
      const experimentId = await ensureExperiment(iterationExperiment(iteration.id), {});
      for (const [key, value] of Object.entries(tags)) await api.setExperimentTag(experimentId, key, value);
    }
    return { iteration: stored.iteration, created };
  }

  // ---- runs ------------------------------------------------------------------------------

  function readRun(run: MlflowRun): { run: Run; token: string } | null {
    const raw = valueOf(run.data.params, RECORD);
    if (raw === undefined) return null;
    const { [TOKEN]: token, ...record } = JSON.parse(raw) as Run & { [TOKEN]: string };
    const state = valueOf(run.data.tags, STATE);
    return { run: { ...record, ...(state === undefined ? {} : (JSON.parse(state) as RunState)) }, token };
  }

  async function loadRun(id: string): Promise<{ mlflowId: string; run: Run; token: string } | null> {
    const mlflowId = await bindRun(id);
    if (mlflowId === null) return null;
    const run = await api.getRun(mlflowId);
    const read = run ? readRun(run) : null;
    return read ? { mlflowId, ...read } : null;
  }

  async function writeRunState(mlflowId: string, state: RunState): Promise<void> {
    await api.logBatch(mlflowId, {
      tags: [
        { key: STATE, value: JSON.stringify(state) },
        ...(state.best_metric === null ? [] : [{ key: 'es.best_metric', value: String(state.best_metric) }]),
      ],
    });
    await api.updateRun(mlflowId, RUN_STATUS[state.status], state.finished_at);
  }

  async function createRun(run: Run): Promise<{ run: Run; created: boolean }> {
    const token = randomUUID();
    const value = checkSize('run', run.id, JSON.stringify({ ...run, [TOKEN]: token }), MLFLOW_PARAM_VALUE_LIMIT);
    const mlflowId = await bindRun(run.id, { iterationId: run.iteration_id, name: run.name, startedAt: run.started_at });
    if (mlflowId === null) throw new Error(`run ${run.id} could not be bound to an MLflow run`);
    try {
      // A param cannot change once logged: of concurrent creators, exactly one logs its record.
      await api.logParam(mlflowId, RECORD, value);
    } catch (error) {
      if (!isMlflowError(error, 'INVALID_PARAMETER_VALUE')) throw error;
      const stored = await loadRun(run.id);
      if (!stored) throw error; // refused for another reason than a taken record
      return { run: stored.run, created: stored.token === token };
    }
    const params = Object.entries(flattenParams(run.params)).map(([key, v]) => ({ key, value: v }));
    for (let i = 0; i < params.length; i += 100) await api.logBatch(mlflowId, { params: params.slice(i, i + 100) });
    await writeRunState(mlflowId, { status: run.status, best_metric: run.best_metric, finished_at: run.finished_at });
    return { run, created: true };
  }

  // ---- models ----------------------------------------------------------------------------

  function readModel(tags: Record<string, string> | null): { model: ModelRecord; token: string } | null {
    const raw = tags?.[RECORD];
    if (raw === undefined) return null;
    const { [TOKEN]: token, ...model } = JSON.parse(raw) as ModelRecord & { [TOKEN]: string };
    return { model, token };
  }

  const withDeletion = (model: ModelRecord, deletedAt: string | undefined): ModelRecord =>
    deletedAt === undefined ? model : { ...model, status: 'deleted', deleted_at: Number(deletedAt) };

  async function registerVersion(model: ModelRecord): Promise<void> {
    // A version's source must lie in a run's artifacts: an initial model gets a run of its own.
    const mlflowRunId = await space.bindModelRun(model.iteration_id, model.run_id, model.created_at);
    const name = registeredModel(model.plugin);
    await api.createRegisteredModel(name, `Best models of plugin ${model.plugin}, one live version per iteration.`);
    await api.createModelVersion(
      name,
      modelSource(model.artifact.key, mlflowRunId),
      mlflowRunId,
      { 'es.model_id': model.id, 'es.iteration_id': model.iteration_id, 'es.seq': String(model.seq), 'es.sha256': model.artifact.sha256 },
      `${model.iteration_name}, best #${model.seq}${model.main_metric ? ` (${model.main_metric.name} = ${model.main_metric.value})` : ''}`,
    );
    // Superseded while its version was being made: the deleter may have found no version yet.
    if ((await readClaim(`model-deleted/${model.id}`)) !== null) await unregisterVersion(model);
  }

  async function unregisterVersion(model: ModelRecord): Promise<void> {
    const name = registeredModel(model.plugin);
    const versions = await api.searchModelVersions(`name = '${name.replace(/'/g, "''")}' and tags.\`es.model_id\` = '${model.id.replace(/'/g, "''")}'`);
    for (const v of versions) await api.deleteModelVersion(v.name, v.version);
  }

  return {
    createIteration,

    async getIteration(id) {
      return (await findIteration(id))?.iteration ?? null;
    },

    async setIterationStatus(id, status: IterationStatus, finishedAt) {
      const found = await findIteration(id);
      if (!found) return null;
      const next: Iteration = { ...found.iteration, status, ...(finishedAt === undefined ? {} : { finished_at: finishedAt }) };
      const state: IterationState = { status: next.status, finished_at: next.finished_at };
      await api.setExperimentTag(found.experimentId, STATE, JSON.stringify(state));
      return next;
    },

    async listIterations(query) {
      const experiments = await api.searchExperiments(`${ns}/%`, 'ACTIVE_ONLY');
      const all: Iteration[] = [];
      for (const e of experiments) {
        if (!e.name.startsWith(`${ns}/`) || e.name.startsWith(claimName(''))) continue;
        const read = readIteration(tagsOf(e)) ?? (await findIteration(e.name.slice(ns.length + 1)));
        if (read) all.push(read.iteration);
      }
      return selectIterations(all, query);
    },

    createRun,

    async getRun(id) {
      return (await loadRun(id))?.run ?? null;
    },

    async updateRun(id, update) {
      const found = await loadRun(id);
      if (!found) return null;
      const state: RunState = {
        status: update.status,
        finished_at: update.finished_at,
        best_metric: update.best_metric === undefined ? found.run.best_metric : update.best_metric,
      };
      await writeRunState(found.mlflowId, state);
      return { ...found.run, ...state };
    },

    async listRuns(iterationId) {
      const e = await api.getExperimentByName(iterationExperiment(iterationId));
      if (!e || e.lifecycle_stage !== 'active') return [];
      const runs: Run[] = [];
      for (const r of await api.searchRuns(e.experiment_id)) {
        const read = readRun(r);
        // Only a bound run carries a record: candidates that lost their claim never get one.
        if (read && read.run.iteration_id === iterationId) runs.push(read.run);
      }
      return sortRuns(runs);
    },

    async putMetricPoints(points: readonly StoredMetricPoint[]) {
      const byRun = new Map<string, StoredMetricPoint[]>();
      for (const p of points) byRun.set(p.run_id, [...(byRun.get(p.run_id) ?? []), p]);
      for (const [runId, list] of byRun) {
        // Points may come before their run (the port allows it): they go to a holding experiment.
        const mlflowId = (await bindRun(runId)) ?? (await bindRun(runId, { iterationId: '', name: runId, startedAt: list[0]?.time ?? 0 }));
        if (mlflowId === null) throw new Error(`run ${runId} could not be bound to an MLflow run`);
        const metrics = list.map((p) => ({ key: p.name, value: p.value, timestamp: p.time, step: p.step }));
        for (let i = 0; i < metrics.length; i += 1000) await api.logBatch(mlflowId, { metrics: metrics.slice(i, i + 1000) });
      }
    },

    async readMetrics(runId) {
      const mlflowId = await bindRun(runId);
      if (mlflowId === null) return {};
      const run = await api.getRun(mlflowId);
      const out: Record<string, MetricPoint[]> = {};
      for (const key of new Set((run?.data.metrics ?? []).map((m) => m.key))) out[key] = latestPerStep(await api.metricHistory(mlflowId, key));
      return out;
    },

    async createModel(model) {
      const token = randomUUID();
      const tags = {
        [KIND]: 'model',
        [RECORD]: checkSize('model', model.id, JSON.stringify({ ...model, [TOKEN]: token }), MLFLOW_TAG_VALUE_LIMIT),
        'es.plugin': model.plugin,
        'es.iteration_id': model.iteration_id,
      };
      const stored = readModel(await claim(`model/${model.id}`, tags));
      if (stored?.token !== token) return false;
      if (model.status === 'live') await registerVersion(model);
      return true;
    },

    async getModel(id) {
      const stored = readModel(await readClaim(`model/${id}`));
      if (!stored) return null;
      return withDeletion(stored.model, (await readClaim(`model-deleted/${id}`))?.[DELETED_AT]);
    },

    async markModelDeleted(id, deletedAt) {
      const stored = readModel(await readClaim(`model/${id}`));
      if (!stored) return null;
      if (stored.model.status === 'deleted') return stored.model;
      // The first deletion time is kept: a claim, like the inserts.
      const first = (await claim(`model-deleted/${id}`, { [KIND]: 'model-deletion', [DELETED_AT]: String(deletedAt) }))[DELETED_AT];
      await unregisterVersion(stored.model);
      return withDeletion(stored.model, first);
    },

    async listModels(query) {
      const claims = await api.searchExperiments(`${claimName('model')}%`, 'ALL');
      const deletions = new Map<string, string>();
      const models: ModelRecord[] = [];
      for (const c of claims) {
        const tags = tagsOf(c);
        if (c.name.startsWith(claimName('model-deleted/')) && tags[DELETED_AT] !== undefined) deletions.set(c.name.slice(claimName('model-deleted/').length), tags[DELETED_AT]);
        else if (c.name.startsWith(claimName('model/'))) {
          const read = readModel(tags);
          if (read) models.push(read.model);
        }
      }
      return selectModels(
        models.map((m) => withDeletion(m, deletions.get(m.id))),
        query,
      );
    },
  };
}
