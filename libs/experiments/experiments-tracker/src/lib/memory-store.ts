import type { Iteration, MetricPoint, ModelRecord, Run } from './model.js';
import type { ExperimentsStore, IterationQuery, ModelQuery, StoredMetricPoint } from './ports/experiments-store.js';
import { selectIterations, selectModels, sortRuns } from './select.js';

/**
 * An in-process {@link ExperimentsStore}, for tests, demos and single-process use. It keeps the
 * port's guarantees (each call runs alone: JavaScript runs its synchronous body without
 * interleaving); nothing survives the process.
 */
export function createMemoryExperimentsStore(): ExperimentsStore {
  const iterations = new Map<string, Iteration>();
  const runs = new Map<string, Run>();
  const points = new Map<string, StoredMetricPoint>();
  const models = new Map<string, ModelRecord>();
  const clone = <T>(v: T): T => structuredClone(v);

  return {
    async createIteration(iteration) {
      const existing = iterations.get(iteration.id);
      if (existing) return { iteration: clone(existing), created: false };
      iterations.set(iteration.id, clone(iteration));
      return { iteration: clone(iteration), created: true };
    },

    async getIteration(id) {
      const it = iterations.get(id);
      return it ? clone(it) : null;
    },

    async setIterationStatus(id, status, finishedAt) {
      const it = iterations.get(id);
      if (!it) return null;
      const next: Iteration = { ...it, status, ...(finishedAt === undefined ? {} : { finished_at: finishedAt }) };
      iterations.set(id, next);
      return clone(next);
    },

    async listIterations(query: IterationQuery) {
      return structuredClone(selectIterations(iterations.values(), query));
    },

    async createRun(run) {
      const existing = runs.get(run.id);
      if (existing) return { run: clone(existing), created: false };
      runs.set(run.id, clone(run));
      return { run: clone(run), created: true };
    },

    async getRun(id) {
      const run = runs.get(id);
      return run ? clone(run) : null;
    },

    async updateRun(id, update) {
      const run = runs.get(id);
      if (!run) return null;
      const next: Run = {
        ...run,
        status: update.status,
        finished_at: update.finished_at,
        ...(update.best_metric === undefined ? {} : { best_metric: update.best_metric }),
      };
      runs.set(id, next);
      return clone(next);
    },

    async listRuns(iterationId) {
      return clone(sortRuns([...runs.values()].filter((r) => r.iteration_id === iterationId)));
    },

    async putMetricPoints(list) {
      for (const p of list) points.set(JSON.stringify([p.run_id, p.name, p.step]), clone(p));
    },

    async readMetrics(runId) {
      const out: Record<string, MetricPoint[]> = {};
      for (const p of points.values()) {
        if (p.run_id !== runId) continue;
        (out[p.name] ??= []).push({ step: p.step, value: p.value, time: p.time });
      }
      for (const series of Object.values(out)) series.sort((a, b) => a.step - b.step);
      return out;
    },

    async createModel(model) {
      if (models.has(model.id)) return false;
      models.set(model.id, clone(model));
      return true;
    },

    async getModel(id) {
      const m = models.get(id);
      return m ? clone(m) : null;
    },

    async markModelDeleted(id, deletedAt) {
      const m = models.get(id);
      if (!m) return null;
      const next: ModelRecord = m.status === 'deleted' ? m : { ...m, status: 'deleted', deleted_at: deletedAt };
      models.set(id, next);
      return clone(next);
    },

    async listModels(query: ModelQuery) {
      return structuredClone(selectModels(models.values(), query));
    },
  };
}
