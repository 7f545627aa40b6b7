import type { Iteration, MetricPoint, ModelRecord, Page, Run } from './model.js';
import type { ExperimentsStore, IterationQuery, ModelQuery, StoredMetricPoint } from './ports/experiments-store.js';

const byIdDesc = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function page<T>(all: T[], skip: number, limit: number): Page<T> {
  return { items: structuredClone(all.slice(skip, skip + limit)), total: all.length, skip, limit };
}

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
      const selected = [...iterations.values()].filter(
        (it) =>
          (query.plugin === undefined || it.plugin === query.plugin) &&
          (query.statuses === undefined || query.statuses.includes(it.status)) &&
          (query.kind === undefined || (query.kind === 'initial') === (it.batch_id === null)),
      );
      selected.sort((a, b) => {
        if (query.order === 'finished') {
          const fa = a.finished_at ?? Number.NEGATIVE_INFINITY;
          const fb = b.finished_at ?? Number.NEGATIVE_INFINITY;
          if (fa !== fb) return fb - fa;
        } else if (a.created_at !== b.created_at) {
          return b.created_at - a.created_at;
        }
        return byIdDesc(a, b);
      });
      return page(selected, query.skip, query.limit);
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
      return clone(
        [...runs.values()]
          .filter((r) => r.iteration_id === iterationId)
          .sort((a, b) => a.started_at - b.started_at || -byIdDesc(a, b)),
      );
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
      const selected = [...models.values()]
        .filter(
          (m) =>
            (query.plugin === undefined || m.plugin === query.plugin) &&
            (query.status === undefined || m.status === query.status) &&
            (query.iterationId === undefined || m.iteration_id === query.iterationId),
        )
        .sort((a, b) => b.created_at - a.created_at || byIdDesc(a, b));
      return page(selected, query.skip, query.limit);
    },
  };
}
