// The port's listing rules over records already in memory: shared by the in-memory store and
// by adapters whose backend cannot filter and sort the records itself (MLflow).
import type { Iteration, ModelRecord, Page } from './model.js';
import type { IterationQuery, ModelQuery } from './ports/experiments-store.js';

const byIdDesc = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function page<T>(all: T[], skip: number, limit: number): Page<T> {
  return { items: all.slice(skip, skip + limit), total: all.length, skip, limit };
}

/** Filters, orders and pages iterations as {@link ExperimentsStore.listIterations} defines. */
export function selectIterations(all: Iterable<Iteration>, query: IterationQuery): Page<Iteration> {
  const selected = [...all].filter(
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
}

/** Filters, orders and pages model records as {@link ExperimentsStore.listModels} defines. */
export function selectModels(all: Iterable<ModelRecord>, query: ModelQuery): Page<ModelRecord> {
  const selected = [...all]
    .filter(
      (m) =>
        (query.plugin === undefined || m.plugin === query.plugin) &&
        (query.status === undefined || m.status === query.status) &&
        (query.iterationId === undefined || m.iteration_id === query.iterationId),
    )
    .sort((a, b) => b.created_at - a.created_at || byIdDesc(a, b));
  return page(selected, query.skip, query.limit);
}

/** Orders an iteration's runs as {@link ExperimentsStore.listRuns} defines: oldest first, ties by id. */
export function sortRuns<T extends { id: string; started_at: number }>(runs: T[]): T[] {
  return runs.sort((a, b) => a.started_at - b.started_at || -byIdDesc(a, b));
}
