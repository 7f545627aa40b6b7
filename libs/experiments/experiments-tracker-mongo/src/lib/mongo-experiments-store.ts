import type { Connection, QueryFilter, SortOrder } from 'mongoose';
import type { ExperimentsStore, MetricPoint } from '@embedding-studio/experiments-tracker';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';
import { fromIteration, fromModel, fromRun, metricPointDoc, toIteration, toModel, toRun } from './documents.js';
import { experimentsModels, type IterationDoc, type ModelDoc, type RunDoc } from './schemas.js';

export interface MongoExperimentsStoreOptions {
  /** A mongoose connection (see `createMongoConnection` in `@embedding-studio/mongo`). */
  connection: Connection;
}

/**
 * MongoDB implementation of the `ExperimentsStore` port. Every record's `_id` is the id the
 * tracker derived, so the port's insert-unless-exists calls are plain inserts decided by `_id`
 * and every point read is an `_id` lookup. It needs no transactions and no atomic
 * read-modify-write, which FerretDB (SQLite) does not give under concurrency, so it runs
 * unchanged on MongoDB 6+ and FerretDB 1.24. See the README "Persistence" section.
 */
export async function createMongoExperimentsStore(options: MongoExperimentsStoreOptions): Promise<ExperimentsStore> {
  const m = experimentsModels(options.connection);
  await ensureCollections(m);

  /** Inserts a document; false when its `_id` (or another unique key) is taken. */
  const insert = async (create: () => Promise<unknown>): Promise<boolean> => {
    try {
      await create();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  };

  return {
    createIteration: (iteration) =>
      withMongoErrors(async () => {
        if (await insert(() => m.iterations.create(fromIteration(iteration)))) return { iteration: toIteration(fromIteration(iteration)), created: true };
        const stored = await m.iterations.findById(iteration.id).lean();
        if (!stored) throw new Error(`iteration ${iteration.id} collided on a unique key but cannot be read back`);
        return { iteration: toIteration(stored), created: false };
      }),

    getIteration: (id) =>
      withMongoErrors(async () => {
        const d = await m.iterations.findById(id).lean();
        return d ? toIteration(d) : null;
      }),

    setIterationStatus: (id, status, finishedAt) =>
      withMongoErrors(async () => {
        const d = await m.iterations
          .findOneAndUpdate({ _id: id }, { $set: { status, ...(finishedAt === undefined ? {} : { finished_at: finishedAt }) } }, { returnDocument: 'after' })
          .lean();
        return d ? toIteration(d) : null;
      }),

    listIterations: (query) =>
      withMongoErrors(async () => {
        const filter: Record<string, unknown> = {};
        if (query.plugin !== undefined) filter.plugin = query.plugin;
        if (query.statuses !== undefined) filter.status = { $in: [...query.statuses] };
        if (query.kind === 'initial') filter.batch_id = null;
        if (query.kind === 'batch') filter.batch_id = { $ne: null };
        // Descending sorts put a null finished_at last.
        const sort: Record<string, SortOrder> = query.order === 'finished' ? { finished_at: -1, _id: -1 } : { created_at: -1, _id: -1 };
        const f = filter as QueryFilter<IterationDoc>;
        const [docs, total] = await Promise.all([m.iterations.find(f).sort(sort).skip(query.skip).limit(query.limit).lean(), m.iterations.countDocuments(f)]);
        return { items: docs.map(toIteration), total, skip: query.skip, limit: query.limit };
      }),

    createRun: (run) =>
      withMongoErrors(async () => {
        if (await insert(() => m.runs.create(fromRun(run)))) return { run: toRun(fromRun(run)), created: true };
        const stored = await m.runs.findById(run.id).lean();
        if (!stored) throw new Error(`run ${run.id} collided on a unique key but cannot be read back`);
        return { run: toRun(stored), created: false };
      }),

    getRun: (id) =>
      withMongoErrors(async () => {
        const d = await m.runs.findById(id).lean();
        return d ? toRun(d) : null;
      }),

    updateRun: (id, update) =>
      withMongoErrors(async () => {
        const set: Partial<RunDoc> = { status: update.status, finished_at: update.finished_at };
        if (update.best_metric !== undefined) set.best_metric = update.best_metric;
        const d = await m.runs.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean();
        return d ? toRun(d) : null;
      }),

    listRuns: (iterationId) =>
      withMongoErrors(async () => (await m.runs.find({ iteration_id: iterationId }).sort({ started_at: 1, _id: 1 }).lean()).map(toRun)),

    putMetricPoints: (points) =>
      withMongoErrors(async () => {
        if (points.length === 0) return;
        const write = () =>
          m.metrics.bulkWrite(
            points.map((p) => {
              const doc = metricPointDoc(p);
              return { updateOne: { filter: { _id: doc._id }, update: { $set: doc }, upsert: true } };
            }),
            { ordered: false },
          );
        try {
          await write();
        } catch (error) {
          // Two upserts of one new point can race to insert it; the second write then updates it.
          if (!isDuplicateKeyError(error)) throw error;
          await write();
        }
      }),

    readMetrics: (runId) =>
      withMongoErrors(async () => {
        const docs = await m.metrics.find({ run_id: runId }).sort({ name: 1, step: 1 }).lean();
        const out: Record<string, MetricPoint[]> = {};
        for (const d of docs) (out[d.name] ??= []).push({ step: d.step, value: d.value, time: d.time });
        return out;
      }),

    createModel: (model) => withMongoErrors(() => insert(() => m.models.create(fromModel(model)))),

    getModel: (id) =>
      withMongoErrors(async () => {
        const d = await m.models.findById(id).lean();
        return d ? toModel(d) : null;
      }),

    markModelDeleted: (id, deletedAt) =>
      withMongoErrors(async () => {
        // Conditional, so the first deletion time is kept; concurrent markers write the same status.
        await m.models.updateOne({ _id: id, status: 'live' }, { $set: { status: 'deleted', deleted_at: deletedAt } });
        const d = await m.models.findById(id).lean();
        return d ? toModel(d) : null;
      }),

    listModels: (query) =>
      withMongoErrors(async () => {
        const filter: Record<string, unknown> = {};
        if (query.plugin !== undefined) filter.plugin = query.plugin;
        if (query.status !== undefined) filter.status = query.status;
        if (query.iterationId !== undefined) filter.iteration_id = query.iterationId;
        const f = filter as QueryFilter<ModelDoc>;
        const [docs, total] = await Promise.all([
          m.models.find(f).sort({ created_at: -1, _id: -1 }).skip(query.skip).limit(query.limit).lean(),
          m.models.countDocuments(f),
        ]);
        return { items: docs.map(toModel), total, skip: query.skip, limit: query.limit };
      }),
  };
}
