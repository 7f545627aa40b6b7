import type { ExperimentsStore } from '../ports/experiments-store.js';
import { createExperimentsTracker } from '../tracker.js';
import { aModelRecord, aRun, anIteration } from './builders.js';
import { createMemoryModelArtifacts } from './memory-artifacts.js';
import { createTestClock } from '@embedding-studio/primitives/testing';

export interface ExperimentsStoreFixture {
  store: ExperimentsStore;
  /**
   * A second instance over the same data (another process, in production), when the adapter
   * can make one. The concurrency tests then spread their calls over both.
   */
  peer?: ExperimentsStore;
  /** Drops what the fixture created. */
  cleanup(): Promise<void>;
}

export interface ExperimentsStoreContractOptions {
  /** Concurrent callers in the race tests. @defaultValue 16 */
  concurrency?: number;
  /** Per-test timeout in ms (slow servers). @defaultValue 30000 */
  timeoutMs?: number;
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The behaviour every {@link ExperimentsStore} must show, at the port and through the tracker.
 * Run it from an adapter's tests: `experimentsStoreContract('mongo', () => makeFixture())`.
 * Each test gets a fresh fixture.
 */
export function experimentsStoreContract(
  name: string,
  makeFixture: () => Promise<ExperimentsStoreFixture>,
  options: ExperimentsStoreContractOptions = {},
): void {
  const n = options.concurrency ?? 16;
  const timeout = options.timeoutMs ?? 30_000;

  describe(`ExperimentsStore contract: ${name}`, () => {
    let fx: ExperimentsStoreFixture;
    let other: ExperimentsStore;
    beforeEach(async () => {
      fx = await makeFixture();
      other = fx.peer ?? fx.store;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    describe('iterations', () => {
      it('inserts once and returns the stored record on a repeated insert', async () => {
        const it1 = anIteration({ id: 'it-a', plugin: 'p', batch_id: 'b1' });
        expect(await fx.store.createIteration(it1)).toEqual({ iteration: it1, created: true });
        const again = await other.createIteration({ ...it1, name: 'other', status: 'finished' });
        expect(again).toEqual({ iteration: it1, created: false });
        expect(await fx.store.getIteration('it-a')).toEqual(it1);
        expect(await fx.store.getIteration('it-missing')).toBeNull();
      }, timeout);

      it('sets the status, with finished_at only when given', async () => {
        const it1 = anIteration({ id: 'it-a' });
        await fx.store.createIteration(it1);
        expect(await fx.store.setIterationStatus('it-a', 'finished', 1_000)).toEqual({ ...it1, status: 'finished', finished_at: 1_000 });
        expect(await other.setIterationStatus('it-a', 'archived')).toEqual({ ...it1, status: 'archived', finished_at: 1_000 });
        expect(await fx.store.getIteration('it-a')).toEqual({ ...it1, status: 'archived', finished_at: 1_000 });
        expect(await fx.store.setIterationStatus('it-missing', 'finished', 1)).toBeNull();
      }, timeout);

      it('lists by plugin, status and kind, newest created or finished first, with paging', async () => {
        const initial = anIteration({ id: 'it-0', plugin: 'p', batch_id: null, status: 'finished', created_at: 100, finished_at: 100 });
        const a = anIteration({ id: 'it-a', plugin: 'p', batch_id: 'b1', status: 'archived', created_at: 200, finished_at: 500 });
        const b = anIteration({ id: 'it-b', plugin: 'p', batch_id: 'b2', status: 'finished', created_at: 300, finished_at: 400 });
        const c = anIteration({ id: 'it-c', plugin: 'p', batch_id: 'b3', status: 'active', created_at: 300, finished_at: null });
        const q = anIteration({ id: 'it-q', plugin: 'q', batch_id: 'b1', status: 'finished', created_at: 900, finished_at: 901 });
        for (const it of [initial, a, b, c, q]) await fx.store.createIteration(it);

        const all = await fx.store.listIterations({ order: 'created', skip: 0, limit: 10 });
        expect(all.items.map((i) => i.id)).toEqual(['it-q', 'it-c', 'it-b', 'it-a', 'it-0']);
        expect(all.total).toBe(5);
        expect(await fx.store.listIterations({ order: 'created', skip: 1, limit: 2 })).toEqual({ items: [c, b], total: 5, skip: 1, limit: 2 });

        const pluginP = await fx.store.listIterations({ plugin: 'p', order: 'created', skip: 0, limit: 10 });
        expect(pluginP.items.map((i) => i.id)).toEqual(['it-c', 'it-b', 'it-a', 'it-0']);

        const done = await fx.store.listIterations({ plugin: 'p', statuses: ['finished', 'archived'], kind: 'batch', order: 'finished', skip: 0, limit: 10 });
        expect(done.items.map((i) => i.id)).toEqual(['it-a', 'it-b']);
        expect(done.total).toBe(2);

        const initials = await fx.store.listIterations({ kind: 'initial', order: 'created', skip: 0, limit: 10 });
        expect(initials.items).toEqual([initial]);

        const byFinish = await fx.store.listIterations({ plugin: 'p', order: 'finished', skip: 0, limit: 10 });
        expect(byFinish.items.map((i) => i.id)).toEqual(['it-a', 'it-b', 'it-0', 'it-c']);
        expect(await fx.store.listIterations({ plugin: 'none', order: 'created', skip: 0, limit: 10 })).toEqual({ items: [], total: 0, skip: 0, limit: 10 });
      }, timeout);

      it(`decides a race of ${n} inserts of one iteration by its id`, async () => {
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => (i % 2 === 0 ? fx.store : other).createIteration(anIteration({ id: 'it-race', name: `try ${i}` }))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        const winner = results.find((r) => r.created)?.iteration;
        expect(results.every((r) => r.iteration.name === winner?.name)).toBe(true);
        expect((await fx.store.listIterations({ order: 'created', skip: 0, limit: 10 })).total).toBe(1);
      }, timeout);
    });

    describe('runs and metrics', () => {
      it('inserts a run once, updates it and lists an iteration’s runs oldest first', async () => {
        const r1 = aRun({ id: 'run-1', iteration_id: 'it-a', started_at: 20 });
        const r2 = aRun({ id: 'run-2', iteration_id: 'it-a', started_at: 10 });
        const r3 = aRun({ id: 'run-3', iteration_id: 'it-b', started_at: 5 });
        expect(await fx.store.createRun(r1)).toEqual({ run: r1, created: true });
        await fx.store.createRun(r2);
        await fx.store.createRun(r3);
        expect(await other.createRun({ ...r1, params: { changed: true } })).toEqual({ run: r1, created: false });
        expect(await fx.store.getRun('run-1')).toEqual(r1);
        expect(await fx.store.getRun('run-missing')).toBeNull();

        const finished = await fx.store.updateRun('run-1', { status: 'finished', best_metric: 0.75, finished_at: 99 });
        expect(finished).toEqual({ ...r1, status: 'finished', best_metric: 0.75, finished_at: 99 });
        // best_metric is kept when the update leaves it out.
        expect(await other.updateRun('run-1', { status: 'running', finished_at: null })).toEqual({ ...r1, status: 'running', best_metric: 0.75, finished_at: null });
        expect(await fx.store.updateRun('run-missing', { status: 'failed', finished_at: 1 })).toBeNull();

        expect((await fx.store.listRuns('it-a')).map((r) => r.id)).toEqual(['run-2', 'run-1']);
        expect(await fx.store.listRuns('it-none')).toEqual([]);
      }, timeout);

      it('keeps params exactly, nested values and key order included', async () => {
        const r = aRun({ id: 'run-p', params: { z: 1, a: [1, 'x', null, { k: false }], m: { y: -0.5, b: 'é' }, 'optimizer.lr': 1e-4, $w: 2 } });
        await fx.store.createRun(r);
        const read = await other.getRun('run-p');
        expect(read?.params).toEqual(r.params);
        expect(Object.keys(read?.params ?? {})).toEqual(['z', 'a', 'm', 'optimizer.lr', '$w']);
      }, timeout);

      it('stores metric points per (run, name, step), replacing repeats, and reads series by step', async () => {
        await fx.store.putMetricPoints([
          { run_id: 'run-1', name: 'loss', step: 2, value: 0.5, time: 12 },
          { run_id: 'run-1', name: 'loss', step: 1, value: 0.9, time: 11 },
          { run_id: 'run-1', name: 'quality', step: 1, value: 0.1, time: 11 },
          { run_id: 'run-2', name: 'loss', step: 1, value: 7, time: 11 },
        ]);
        await other.putMetricPoints([{ run_id: 'run-1', name: 'loss', step: 2, value: 0.4, time: 13 }]);
        await fx.store.putMetricPoints([{ run_id: 'run-1', name: 'loss', step: 10, value: 0.3, time: 14 }]);
        expect(await fx.store.readMetrics('run-1')).toEqual({
          loss: [
            { step: 1, value: 0.9, time: 11 },
            { step: 2, value: 0.4, time: 13 },
            { step: 10, value: 0.3, time: 14 },
          ],
          quality: [{ step: 1, value: 0.1, time: 11 }],
        });
        expect(await fx.store.readMetrics('run-none')).toEqual({});
        await fx.store.putMetricPoints([]);
      }, timeout);

      it(`decides a race of ${n} inserts of one run by its id`, async () => {
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => (i % 2 === 0 ? fx.store : other).createRun(aRun({ id: 'run-race', started_at: i }))),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.run.started_at)).size).toBe(1);
      }, timeout);
    });

    describe('models', () => {
      it('inserts a model once by id, marks it deleted once and reads it back', async () => {
        const m = aModelRecord({ iteration_id: 'it-a', seq: 1 });
        expect(await fx.store.createModel(m)).toBe(true);
        expect(await other.createModel({ ...m, seq: 7 })).toBe(false);
        expect(await fx.store.getModel(m.id)).toEqual(m);
        expect(await fx.store.getModel('missing')).toBeNull();
        expect(await fx.store.markModelDeleted(m.id, 500)).toEqual({ ...m, status: 'deleted', deleted_at: 500 });
        expect(await other.markModelDeleted(m.id, 600)).toEqual({ ...m, status: 'deleted', deleted_at: 500 });
        expect(await fx.store.markModelDeleted('missing', 1)).toBeNull();
      }, timeout);

      it('lists models by plugin, status and iteration, newest first, with paging', async () => {
        const a1 = aModelRecord({ iteration_id: 'it-a', seq: 1, plugin: 'p', created_at: 10, status: 'deleted', deleted_at: 20 });
        const a2 = aModelRecord({ iteration_id: 'it-a', seq: 2, plugin: 'p', created_at: 20 });
        const b1 = aModelRecord({ iteration_id: 'it-b', seq: 1, plugin: 'p', created_at: 30 });
        const q1 = aModelRecord({ iteration_id: 'it-q', seq: 1, plugin: 'q', created_at: 40 });
        for (const m of [a1, a2, b1, q1]) await fx.store.createModel(m);
        expect((await fx.store.listModels({ skip: 0, limit: 10 })).items.map((m) => m.id)).toEqual([q1.id, b1.id, a2.id, a1.id]);
        expect(await fx.store.listModels({ plugin: 'p', status: 'live', skip: 0, limit: 10 })).toEqual({ items: [b1, a2], total: 2, skip: 0, limit: 10 });
        expect(await fx.store.listModels({ iterationId: 'it-a', skip: 1, limit: 1 })).toEqual({ items: [a1], total: 2, skip: 1, limit: 1 });
        expect((await fx.store.listModels({ status: 'deleted', skip: 0, limit: 10 })).items).toEqual([a1]);
      }, timeout);

      it(`decides a race of ${n} inserts of one model seq by its id`, async () => {
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            (i % 2 === 0 ? fx.store : other).createModel(aModelRecord({ iteration_id: 'it-r', seq: 1, run_id: `run-${i}` })),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await fx.store.listModels({ iterationId: 'it-r', skip: 0, limit: 100 })).total).toBe(1);
      }, timeout);
    });

    describe('through the tracker', () => {
      const setup = (store: ExperimentsStore, artifacts = createMemoryModelArtifacts()) => ({
        artifacts,
        tracker: createExperimentsTracker({ store, artifacts, clock: createTestClock(Date.UTC(2025, 0, 1), { tickMs: 1 }) }),
      });

      it('chains iterations: the next one starts from the previous best and retries its best params', async () => {
        const { tracker, artifacts } = setup(fx.store);
        await tracker.ensureInitialModel('p', async () => ({ bytes: bytesOf('initial'), contentType: 'application/octet-stream' }));
        const first = await tracker.startIteration({ plugin: 'p', batchId: 'b1', mainMetric: { name: 'q', mode: 'max' } });
        expect((await first.startingModel()).run_id).toBeNull();
        const r1 = await first.startRun({ lr: 0.1 });
        const r2 = await first.startRun({ lr: 0.2 });
        await first.logMetric(r1.id, 'q', 0.3, 1);
        await first.finishRun(r1.id, 'finished', 0.3);
        await first.saveModelIfBest(r1.id, 0.3, bytesOf('m1'), 'application/octet-stream');
        await first.finishRun(r2.id, 'finished', 0.6);
        const saved = await first.saveModelIfBest(r2.id, 0.6, bytesOf('m2'), 'application/octet-stream');
        await first.finish();

        // Another process (the peer) continues with the next batch.
        const next = setup(other, artifacts).tracker;
        const second = await next.startIteration({ plugin: 'p', batchId: 'b2', mainMetric: { name: 'q', mode: 'max' } });
        expect(second.iteration.previous_iteration_id).toBe(first.id);
        expect((await second.startingModel()).id).toBe(saved.model.id);
        expect(await second.topParams(5)).toEqual([{ lr: 0.2 }, { lr: 0.1 }]);
        expect((await next.getRun(r1.id)).metrics).toEqual({ q: [{ step: 1, value: 0.3, time: expect.any(Number) }] });
        expect(artifacts.keys().filter((k) => k.startsWith(`models/${first.id}/`))).toEqual([saved.model.artifact.key]);
      }, timeout);

      it(`keeps exactly one live best when ${n} runs in two processes save at once`, async () => {
        const a = setup(fx.store);
        const b = setup(other, a.artifacts);
        const [sa, sb] = await Promise.all([
          a.tracker.startIteration({ plugin: 'p', batchId: 'race', mainMetric: { name: 'q', mode: 'min' } }),
          b.tracker.startIteration({ plugin: 'p', batchId: 'race', mainMetric: { name: 'q', mode: 'min' } }),
        ]);
        expect(sa.id).toBe(sb.id);
        expect([sa.resumed, sb.resumed].sort()).toEqual([false, true]);
        const values = Array.from({ length: n }, (_, i) => ((i * 7) % n) / n + 0.1);
        const via = (i: number) => (i % 2 === 0 ? sa : sb);
        const runIds = await Promise.all(values.map((_, i) => via(i).startRun({ trial: i }).then((r) => r.id)));
        const results = await Promise.all(
          runIds.map((runId, i) => via(i).saveModelIfBest(runId, values[i] ?? 0, bytesOf(`model ${i}`), 'application/octet-stream')),
        );
        expect(results.some((r) => r.outcome === 'saved')).toBe(true);
        const live = await a.tracker.listModels({ status: 'live' });
        expect(live.items).toHaveLength(1);
        expect(live.items[0]?.main_metric?.value).toBe(Math.min(...values));
        expect(a.artifacts.keys()).toEqual([live.items[0]?.artifact.key]);
        expect((await sa.bestModel())?.id).toBe(live.items[0]?.id);
      }, timeout);

      it('resumes one run for equal params started in two processes at once', async () => {
        const a = setup(fx.store);
        const b = setup(other, a.artifacts);
        const sa = await a.tracker.startIteration({ plugin: 'p', batchId: 'b', mainMetric: { name: 'q', mode: 'max' } });
        const sb = await b.tracker.startIteration({ plugin: 'p', batchId: 'b', mainMetric: { name: 'q', mode: 'max' } });
        const started = await Promise.all([sa.startRun({ x: 1, y: 2 }), sb.startRun({ y: 2, x: 1 }), sa.startRun({ x: 1, y: 2 })]);
        expect(new Set(started.map((s) => s.id)).size).toBe(1);
        expect(started.filter((s) => !s.resumed)).toHaveLength(1);
        expect((await a.tracker.getIteration(sa.id)).runs).toHaveLength(1);
      }, timeout);
    });
  });
}
