import * as tf from '@tensorflow/tfjs';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { UnavailableError } from '@embedding-studio/errors';
import { FineTuningBuilder, runTraining } from '@embedding-studio/fine-tuning-builder';
import { plantedPermutationData } from '@embedding-studio/fine-tuning-builder/testing';
import { FineTuningMethod, type FineTuningSetup, type MethodContext } from '@embedding-studio/fine-tuning-plugins';
import { methodRegistryOf } from '@embedding-studio/fine-tuning-plugins/testing';
import { LinearAdapter, decodeModelArtifact, loadModelArtifact, saveModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { noopLogger } from '@embedding-studio/observability';
import { createMemoryBatches, createMemoryTaskLeases, createMemoryTracker } from '../testing.js';
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
  const tasks = createMemoryTaskLeases();
  const batches = createMemoryBatches(sessions);
  const tracker = createMemoryTracker();
  const method = new PlantedMethod();
  const run = createFineTuningRunner({
    tasks,
    batches,
    tracker,
    methods: methodRegistryOf(method),
    train,
    logger: noopLogger,
    owner: 'w1',
    leaseMs: 10_000,
    heartbeatMs: 5,
    modelUrl: (id) => `/api/v1/models/${encodeURIComponent(id)}/artifact`,
    retryBaseMs: 1000,
  });
  return { tasks, batches, tracker, method, run };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createFineTuningRunner', () => {
  it('releases the batch under the task id, trains, saves one best model and completes the task', async () => {
    const { tasks, batches, tracker, run } = setup();
    tasks.add({ id: 't1', fine_tuning_method: 'planted' });
    const outcome = await run('t1');
    expect(outcome.status).toBe('done');
    const task = tasks.tasks.get('t1');
    expect(batches.releases).toEqual(['t1']);
    expect(task?.batch_id).toBe('batch-1');
    expect(task?.status).toBe('done');
    const modelId = task?.outcome?.best_model_id as string;
    expect(task?.outcome?.best_model_url).toBe(`/api/v1/models/${encodeURIComponent(modelId)}/artifact`);
    expect(task?.outcome?.metrics['test_not_irrelevant_dist_shift']).toBeGreaterThan(0);
    const live = [...tracker.models.values()].filter((m) => m.iteration !== 'initial' && m.live);
    expect(live.map((m) => m.id)).toEqual([modelId]);
    const it = tracker.iterations.get('planted/batch-1');
    expect(it?.status).toBe('finished');
    // Two trials; equal params resume one run (named by the params' hash).
    const runs = [...(it?.runs.values() ?? [])];
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((r) => r.status === 'finished' && r.metrics.some((m) => m.name === 'test_not_irrelevant_dist_shift'))).toBe(true);
    // The saved bytes are a loadable adapter.
    const bundle = decodeModelArtifact(tracker.models.get(modelId)?.bytes as Uint8Array);
    loadModelArtifact(bundle.manifest, bundle.weights, { expectedKind: 'linear-adapter' }).dispose();
  });

  it('starts the next iteration from the previous best model and re-tries its best params first', async () => {
    const trainCalls: Parameters<TrainFn>[] = [];
    const spy: TrainFn = (plan, data, options) => {
      trainCalls.push([plan, data, options]);
      return inThread(plan, data, options);
    };
    const { tasks, tracker, run } = setup(spy);
    tasks.add({ id: 't1', fine_tuning_method: 'planted', batch_id: 'b1' });
    tasks.add({ id: 't2', fine_tuning_method: 'planted', batch_id: 'b2' });
    await run('t1');
    await run('t2');
    const first = tasks.tasks.get('t1')?.outcome?.best_model_id as string;
    const secondCall = trainCalls[1];
    expect(Array.from(secondCall?.[2].initialModel?.weights ?? [])).toEqual(Array.from(decodeModelArtifact(tracker.models.get(first)?.bytes as Uint8Array).weights));
    const firstRuns = [...(tracker.iterations.get('planted/b1')?.runs.values() ?? [])].sort((a, b) => (b.best as number) - (a.best as number));
    expect(secondCall?.[0].search?.initialParams[0]).toEqual(firstRuns[0]?.params);
    expect(tracker.iterations.get('planted/b1')?.status).toBe('archived');
    expect(tasks.tasks.get('t2')?.status).toBe('done');
  });

  it('completes from the finished iteration when an earlier attempt died after finishing it', async () => {
    let trainings = 0;
    const { tasks, run } = setup((plan, data, options) => {
      trainings += 1;
      return inThread(plan, data, options);
    });
    tasks.add({ id: 't1', fine_tuning_method: 'planted', batch_id: 'b1' });
    await run('t1');
    // Same batch again: the attempt that finished the iteration never completed its task.
    tasks.add({ id: 't1-retry', fine_tuning_method: 'planted', batch_id: 'b1' });
    expect(await run('t1-retry')).toEqual({ status: 'done', modelId: tasks.tasks.get('t1')?.outcome?.best_model_id });
    expect(trainings).toBe(1);
  });

  it('does nothing when the task cannot be claimed (duplicate pickup)', async () => {
    const { tasks, method, run } = setup();
    tasks.add({ id: 't1', fine_tuning_method: 'planted' });
    await tasks.claim('t1', { owner: 'other', leaseMs: 60_000 });
    expect(await run('t1')).toEqual({ status: 'not-claimed' });
    expect(await run('missing')).toEqual({ status: 'not-claimed' });
    expect(method.prepared).toBe(0);
  });

  it('stops without writing when the lease is lost mid-training (cancel)', async () => {
    let cancelled = false;
    const { tasks, run } = setup((plan, data, options) =>
      inThread(plan, data, {
        ...options,
        onStep: async () => {
          if (!cancelled) {
            cancelled = true;
            const t = tasks.tasks.get('t1');
            if (t) Object.assign(t, { status: 'canceled', owner: undefined });
          }
          await new Promise((r) => setTimeout(r, 2));
        },
      }),
    );
    tasks.add({ id: 't1', fine_tuning_method: 'planted' });
    expect(await run('t1')).toEqual({ status: 'lease-lost' });
    expect(tasks.tasks.get('t1')?.status).toBe('canceled');
    expect(tasks.tasks.get('t1')?.outcome).toBeUndefined();
  });

  it('retries transient failures with backoff and fails others with a serialised error', async () => {
    const { tasks, method, run } = setup();
    tasks.add({ id: 't1', fine_tuning_method: 'planted' });
    method.failWith = new UnavailableError('MONGO_UNAVAILABLE', 'database down');
    expect(await run('t1')).toEqual({ status: 'retrying', code: 'MONGO_UNAVAILABLE' });
    expect(tasks.tasks.get('t1')).toMatchObject({ status: 'pending', retryInMs: 1000 });
    method.failWith = new Error('bad plugin');
    expect(await run('t1')).toMatchObject({ status: 'error' });
    expect(tasks.tasks.get('t1')).toMatchObject({ status: 'error', failure: { name: 'Error', message: 'bad plugin' } });
  });

  it('fails with the loaded names when the method is unknown', async () => {
    const { tasks, run } = setup();
    tasks.add({ id: 't1', fine_tuning_method: 'nope' });
    expect(await run('t1')).toEqual({ status: 'error', code: 'FINE_TUNING_PLUGINS_UNKNOWN_METHOD' });
    expect(tasks.tasks.get('t1')?.failure?.message).toMatch(/loaded plugins: "planted"/);
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
