import * as tf from '@tensorflow/tfjs';
import { createMemoryArtifactStore } from '@embedding-studio/artifact-store';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { UnavailableError } from '@embedding-studio/errors';
import { createExperimentsTracker, createMemoryExperimentsStore } from '@embedding-studio/experiments-tracker';
import { FineTuningBuilder, runTraining } from '@embedding-studio/fine-tuning-builder';
import { plantedPermutationData } from '@embedding-studio/fine-tuning-builder/testing';
import { FineTuningMethod, type FineTuningSetup, type MethodContext } from '@embedding-studio/fine-tuning-plugins';
import { methodRegistryOf } from '@embedding-studio/fine-tuning-plugins/testing';
import { createFineTuningTaskService, type FineTuningTask } from '@embedding-studio/fine-tuning-tasks';
import { aTask, createMemoryTaskStore, createRecordingScheduler } from '@embedding-studio/fine-tuning-tasks/testing';
import { LinearAdapter, decodeModelArtifact, loadModelArtifact, saveModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { noopLogger } from '@embedding-studio/observability';
import { createMemoryBatches } from '../testing.js';
import { createFineTuningRunner, withInitialParams, type TrainFn } from './run-task.js';

const DIM = 8;

class PlantedMethod extends FineTuningMethod {
  readonly meta = { name: 'planted', version: '1.0.0' };
  prepared = 0;
  failWith: Error | null = null;
  async uploadInitialModel(ctx: MethodContext): Promise<void> {
    const adapter = new LinearAdapter({ inputDimension: DIM, side: 'query' });
    await ctx.uploadInitialModel(saveModelArtifact(adapter));
    adapter.dispose();
  }
  async getFineTuningBuilder(sessions: readonly SessionWithEvents[], ctx: MethodContext): Promise<FineTuningSetup> {
    if (this.failWith) throw this.failWith;
    this.prepared += sessions.length;
    ctx.reportProgress(1, 'prepared');
    const data = plantedPermutationData({ dimension: DIM, items: 60, trainQueries: 80, testQueries: 30, seed: 3 });
    const plan = FineTuningBuilder.create()
      .linearAdapter({ side: 'query' })
      .probMarginLoss({ margin: 0.1 })
      .adam({ learningRate: 0.02 })
      .epochs(3)
      .batchSize(32)
      .seed(5)
      .search({ learningRate: { type: 'choice', values: [0.01, 0.03] } }, { algorithm: 'random', maxEvals: 2 })
      .build();
    return { plan, data: { train: data.train, test: data.test, queries: data.queries, items: data.items } };
  }
}

const sessions = [{ session_id: 's1' }, { session_id: 's2' }] as unknown as SessionWithEvents[];
const inThread: TrainFn = (plan, data, options) => runTraining(plan, { data, ...options });

function setup(train: TrainFn = inThread) {
  const store = createMemoryTaskStore();
  const method = new PlantedMethod();
  const methods = methodRegistryOf(method);
  const tasks = createFineTuningTaskService({ store, scheduler: createRecordingScheduler(), methods });
  const batches = createMemoryBatches(sessions);
  const artifacts = createMemoryArtifactStore();
  const experiments = createMemoryExperimentsStore();
  const tracker = createExperimentsTracker({ store: experiments, artifacts });
  const run = createFineTuningRunner({
    tasks,
    batches,
    tracker,
    artifacts,
    methods,
    train,
    logger: noopLogger,
    owner: 'w1',
    leaseMs: 10_000,
    heartbeatMs: 5,
    modelUrl: (id) => `/api/v1/models/${encodeURIComponent(id)}/artifact`,
    retryBaseMs: 1000,
  });
  /** Stores a pending task as the API would create it. */
  const add = async (overrides: Partial<FineTuningTask> = {}): Promise<string> => (await store.insert(aTask({ fine_tuning_method: 'planted', ...overrides }))).record.task.id;
  const task = async (id: string): Promise<FineTuningTask> => {
    const record = await store.get(id);
    if (!record) throw new Error(`no task ${id}`);
    return record.task;
  };
  /** The plugin's iteration on a batch. */
  const iteration = async (batchId: string) => {
    const found = (await tracker.listIterations({ plugin: 'planted' })).items.find((i) => i.batch_id === batchId);
    if (!found) throw new Error(`no iteration on ${batchId}`);
    return tracker.getIteration(found.id);
  };
  return { tasks, store, batches, tracker, artifacts, method, run, add, task, iteration };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createFineTuningRunner', () => {
  it('releases the batch under the task id, trains, saves one best model and completes the task', async () => {
    const { batches, tracker, artifacts, run, add, task, iteration } = setup();
    const id = await add();
    const outcome = await run(id);
    if (outcome.status !== 'done') throw new Error(`expected done, got ${outcome.status}`);
    const done = await task(id);
    expect(batches.releases).toEqual([id]);
    expect(done).toMatchObject({ status: 'done', batch_id: 'batch-1', best_model_id: outcome.model.id });
    expect(done.best_model_url).toBe(`/api/v1/models/${encodeURIComponent(outcome.model.id)}/artifact`);
    expect(done.metrics?.['test_not_irrelevant_dist_shift']).toBeGreaterThan(0);
    const { id: iterationId, status, runs } = await iteration('batch-1');
    expect(status).toBe('finished');
    const live = (await tracker.listModels({ plugin: 'planted', status: 'live' })).items.filter((m) => m.iteration_id === iterationId);
    expect(live.map((m) => m.id)).toEqual([outcome.model.id]);
    // Two trials; equal params resume one run (named by the params' hash).
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (const r of runs) {
      expect(r.status).toBe('finished');
      expect(Object.keys((await tracker.getRun(r.id)).metrics)).toContain('test_not_irrelevant_dist_shift');
    }
    // The saved bytes are a loadable adapter.
    const bundle = decodeModelArtifact(await artifacts.read(outcome.model.artifact.key));
    loadModelArtifact(bundle.manifest, bundle.weights, { expectedKind: 'linear-adapter' }).dispose();
  });

  it('starts the next iteration from the previous best model and re-tries its best params first', async () => {
    const trainCalls: Parameters<TrainFn>[] = [];
    const spy: TrainFn = (plan, data, options) => {
      trainCalls.push([plan, data, options]);
      return inThread(plan, data, options);
    };
    const { artifacts, run, add, task, iteration } = setup(spy);
    const t1 = await add({ batch_id: 'b1' });
    const t2 = await add({ batch_id: 'b2' });
    const first = await run(t1);
    await run(t2);
    if (first.status !== 'done') throw new Error(`expected done, got ${first.status}`);
    const secondCall = trainCalls[1];
    expect(Array.from(secondCall?.[2].initialModel?.weights ?? [])).toEqual(Array.from(decodeModelArtifact(await artifacts.read(first.model.artifact.key)).weights));
    const firstRuns = [...(await iteration('b1')).runs].sort((a, b) => (b.best_metric as number) - (a.best_metric as number));
    expect(secondCall?.[0].search?.initialParams[0]).toEqual(firstRuns[0]?.params);
    expect((await iteration('b1')).status).toBe('archived');
    expect((await task(t2)).status).toBe('done');
  });

  it('completes from the finished iteration when an earlier attempt died after finishing it', async () => {
    let trainings = 0;
    const { run, add, task } = setup((plan, data, options) => {
      trainings += 1;
      return inThread(plan, data, options);
    });
    const t1 = await add({ batch_id: 'b1' });
    await run(t1);
    // Same batch again: the attempt that finished the iteration never completed its task.
    const retry = await add({ batch_id: 'b1' });
    const outcome = await run(retry);
    expect(outcome).toMatchObject({ status: 'done', model: { id: (await task(t1)).best_model_id } });
    expect((await task(retry)).best_model_id).toBe((await task(t1)).best_model_id);
    expect(trainings).toBe(1);
  });

  it('does nothing when the task cannot be claimed (duplicate pickup)', async () => {
    const { tasks, method, run, add } = setup();
    const id = await add();
    await tasks.claim(id, { owner: 'other', leaseMs: 60_000 });
    expect(await run(id)).toEqual({ status: 'not-claimed' });
    expect(method.prepared).toBe(0);
  });

  it('stops without writing when the lease is lost mid-training (cancel)', async () => {
    let id = '';
    let cancelled = false;
    const { tasks, run, add, task } = setup((plan, data, options) =>
      inThread(plan, data, {
        ...options,
        onStep: async () => {
          if (!cancelled) {
            cancelled = true;
            await tasks.cancel(id);
          }
          await new Promise((r) => setTimeout(r, 2));
        },
      }),
    );
    id = await add();
    expect(await run(id)).toEqual({ status: 'lease-lost' });
    const after = await task(id);
    expect(after.status).toBe('canceled');
    expect(after.best_model_id).toBeUndefined();
  });

  it('retries transient failures with backoff and fails others with a serialised error', async () => {
    const { method, run, add, task } = setup();
    const id = await add();
    method.failWith = new UnavailableError('MONGO_UNAVAILABLE', 'database down');
    expect(await run(id)).toEqual({ status: 'retrying', code: 'MONGO_UNAVAILABLE' });
    const requeued = await task(id);
    expect(requeued).toMatchObject({ status: 'pending', error: { code: 'MONGO_UNAVAILABLE' } });
    expect((requeued.retry_at?.getTime() ?? 0) - requeued.updated_at.getTime()).toBe(1000);
    method.failWith = new Error('bad plugin');
    expect(await run(id)).toMatchObject({ status: 'error' });
    expect(await task(id)).toMatchObject({ status: 'error', error: { name: 'Error', message: 'bad plugin' } });
  });

  it('hands the task back when interrupted (worker stopping)', async () => {
    const controller = new AbortController();
    const { run, add, task } = setup((plan, data, options) =>
      inThread(plan, data, {
        ...options,
        onStep: async () => {
          controller.abort('draining');
          await new Promise((r) => setTimeout(r, 2));
        },
      }),
    );
    const id = await add();
    expect(await run(id, { signal: controller.signal })).toEqual({ status: 'interrupted' });
    expect(await task(id)).toMatchObject({ status: 'pending', error: { code: 'FINE_TUNING_WORKER_INTERRUPTED', message: 'Interrupted: draining' } });
  });

  it('fails with the loaded names when the method is unknown', async () => {
    const { run, add, task } = setup();
    const id = await add({ fine_tuning_method: 'nope' });
    expect(await run(id)).toEqual({ status: 'error', code: 'FINE_TUNING_PLUGINS_UNKNOWN_METHOD' });
    expect((await task(id)).error?.message).toMatch(/loaded plugins: "planted"/);
  });
});

describe('withInitialParams', () => {
  const plan = FineTuningBuilder.create().search({ learningRate: { type: 'choice', values: [0.1, 0.2] } }, { algorithm: 'random', maxEvals: 1 }).build();
  it('puts usable previous params first, dedupes them and makes room for them', () => {
    const next = withInitialParams(plan, [{ learningRate: 0.2 }, { learningRate: 0.2 }, { margin: 1 }]);
    expect(next.search?.initialParams).toEqual([{ learningRate: 0.2 }]);
    expect(next.search?.maxEvals).toBe(1);
    expect(withInitialParams(plan, [{ learningRate: 0.1 }, { learningRate: 0.2 }]).search?.maxEvals).toBe(2);
    expect(withInitialParams(plan, [])).toBe(plan);
  });
});
