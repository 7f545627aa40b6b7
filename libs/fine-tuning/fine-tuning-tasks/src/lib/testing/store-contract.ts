import { isAppError } from '@embedding-studio/errors';
import type { FineTuningTask } from '../model.js';
import type { TaskStore } from '../ports.js';
import { createFineTuningTaskService, type FineTuningTaskService } from '../service.js';
import { aFullTask, aTask } from './builders.js';
import { createTestClock, type TestClock } from '@embedding-studio/primitives/testing';
import { createRecordingScheduler, createStaticMethodCatalog, type RecordingScheduler } from './recording-scheduler.js';

export interface TaskStoreFixture {
  store: TaskStore;
  /**
   * A second instance over the same data (another process, in production), when the adapter can
   * make one. Concurrency tests then spread their calls over both.
   */
  peer?: TaskStore;
  /** Drops what the fixture created. */
  cleanup(): Promise<void>;
}

export interface TaskStoreContractOptions {
  /** Rounds of each race. @defaultValue 5 */
  rounds?: number;
}

const LEASE_MS = 60_000;
const KEY = '6f1c1f5e-7a43-4c55-9d0b-2b8f2f5c3a11';

/** Starts both calls, in one order on even rounds and the other on odd ones; results in argument order. */
function race<A, B>(round: number, first: () => Promise<A>, second: () => Promise<B>): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  if (round % 2 === 0) return Promise.allSettled([first(), second()]);
  const later = second();
  return Promise.allSettled([first(), later]);
}

function code(result: PromiseSettledResult<unknown>): string | undefined {
  return result.status === 'rejected' && isAppError(result.reason) ? result.reason.code : undefined;
}

/**
 * The behaviour every {@link TaskStore} must show, including under concurrency. Run it from an
 * adapter's tests: `taskStoreContract('mongo', () => makeFixture())`. Each test gets a fresh
 * store. Service-level races run through `createFineTuningTaskService` with a fixed clock.
 */
export function taskStoreContract(name: string, makeFixture: () => Promise<TaskStoreFixture>, options: TaskStoreContractOptions = {}): void {
  const rounds = options.rounds ?? 5;

  describe(`TaskStore contract: ${name}`, () => {
    let fx: TaskStoreFixture;
    let clock: TestClock;
    let scheduler: RecordingScheduler;
    /** Two services: one per store instance (the same one twice without a peer). */
    let a: FineTuningTaskService;
    let b: FineTuningTaskService;
    const peer = (): TaskStore => fx.peer ?? fx.store;

    beforeEach(async () => {
      fx = await makeFixture();
      clock = createTestClock(Date.UTC(2024, 0, 15, 12, 0, 0));
      scheduler = createRecordingScheduler();
      const methods = createStaticMethodCatalog(['default', 'clip']);
      a = createFineTuningTaskService({ store: fx.store, scheduler, methods, clock });
      b = createFineTuningTaskService({ store: peer(), scheduler, methods, clock });
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    /** A task that was claimed by `owner`, via service `a`. */
    const processing = async (owner = 'w-0'): Promise<string> => {
      const { id } = await a.create({ fine_tuning_method: 'default' });
      expect(await a.claim(id, { owner, leaseMs: LEASE_MS })).not.toBeNull();
      return id;
    };

    describe('storage', () => {
      it('stores a task as revision 1 and reads every field back', async () => {
        const task = aFullTask();
        const { record, created } = await fx.store.insert(task);
        expect(created).toBe(true);
        expect(record).toEqual({ task, revision: 1 });
        expect(await fx.store.get(task.id)).toEqual({ task, revision: 1 });
        expect(await peer().get(task.id)).toEqual({ task, revision: 1 });
        const minimal = aTask();
        await fx.store.insert(minimal);
        expect(await fx.store.get(minimal.id)).toEqual({ task: minimal, revision: 1 });
        expect(await fx.store.get('ffffffffffffffffffffffff')).toBeNull();
      });

      it('refuses a second task with the same id', async () => {
        const task = aTask();
        await fx.store.insert(task);
        await expect(fx.store.insert({ ...task, fine_tuning_method: 'other' })).rejects.toMatchObject({ code: 'FINE_TUNING_TASKS_DUPLICATE_ID' });
        expect((await fx.store.get(task.id))?.task.fine_tuning_method).toBe('default');
      });

      it('returns the stored task for a known idempotency key and stores nothing', async () => {
        const first = aTask({ idempotency_key: KEY, metadata: { n: 1 } });
        await fx.store.insert(first);
        const second = aTask({ idempotency_key: KEY, metadata: { n: 2 } });
        const again = await peer().insert(second);
        expect(again).toEqual({ record: { task: first, revision: 1 }, created: false });
        expect(await fx.store.get(second.id)).toBeNull();
      });

      it('commits a change only on the newest revision', async () => {
        const task = aTask();
        await fx.store.insert(task);
        const claimed: FineTuningTask = { ...task, status: 'processing', attempt: 1, lease: { owner: 'w', expires_at: new Date(1e12) } };
        expect(await fx.store.commit(claimed, 1)).toEqual({ task: claimed, revision: 2 });
        expect(await peer().commit({ ...task, status: 'canceled' }, 1)).toBeNull();
        expect(await fx.store.get(task.id)).toEqual({ task: claimed, revision: 2 });
        // A field removed in the next revision is gone (a revision is a whole snapshot).
        const { lease: _lease, ...released } = { ...claimed, status: 'done' as const };
        expect(await peer().commit(released, 2)).toEqual({ task: released, revision: 3 });
        expect(await fx.store.get(task.id)).toEqual({ task: released, revision: 3 });
      });

      it('lets exactly one of many concurrent commits from one revision win', async () => {
        const task = aTask();
        await fx.store.insert(task);
        const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 ? peer() : fx.store).commit({ ...task, batch_id: `batch-${i}` }, 1));
        const results = await Promise.all(attempts);
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await fx.store.get(task.id)).toEqual(winners[0]);
        expect(winners[0]?.revision).toBe(2);
      });

      it('lists newest first, by status, with skip and limit, showing the newest revisions', async () => {
        const base = Date.UTC(2024, 0, 1);
        const tasks = Array.from({ length: 5 }, (_, i) => aTask({ created_at: new Date(base + i * 1000), updated_at: new Date(base + i * 1000) }));
        for (const t of tasks) await fx.store.insert(t);
        const [t0, t1, t2, t3, t4] = tasks as [FineTuningTask, FineTuningTask, FineTuningTask, FineTuningTask, FineTuningTask];
        const t1b: FineTuningTask = { ...t1, status: 'processing', attempt: 1 };
        await fx.store.commit(t1b, 1);
        await peer().commit({ ...t3, status: 'canceled' }, 1);
        const ids = (list: FineTuningTask[]): string[] => list.map((t) => t.id);
        expect(ids(await fx.store.list({ skip: 0, limit: 10 }))).toEqual([t4.id, t3.id, t2.id, t1.id, t0.id]);
        expect(await peer().list({ status: 'processing', skip: 0, limit: 10 })).toEqual([t1b]);
        expect(ids(await fx.store.list({ status: 'pending', skip: 0, limit: 10 }))).toEqual([t4.id, t2.id, t0.id]);
        expect(ids(await fx.store.list({ status: 'pending', skip: 1, limit: 1 }))).toEqual([t2.id]);
        expect(ids(await fx.store.list({ skip: 3, limit: 10 }))).toEqual([t1.id, t0.id]);
        expect(await fx.store.list({ status: 'done', skip: 0, limit: 10 })).toEqual([]);
        expect(ids(await peer().listActive()).sort()).toEqual([t0.id, t1.id, t2.id, t4.id].sort());
      });

      it('breaks ties of created_at by id, descending', async () => {
        const at = new Date(Date.UTC(2024, 0, 1));
        const x = aTask({ id: 'aaaaaaaaaaaaaaaaaaaaaaa1', created_at: at });
        const y = aTask({ id: 'aaaaaaaaaaaaaaaaaaaaaaa2', created_at: at });
        await fx.store.insert(x);
        await fx.store.insert(y);
        expect((await fx.store.list({ skip: 0, limit: 2 })).map((t) => t.id)).toEqual([y.id, x.id]);
      });
    });

    describe('through the service', () => {
      it('creates, claims, reports and completes a task', async () => {
        const created = await a.create({ fine_tuning_method: 'clip', metadata: { run: 'nightly' } });
        expect(created).toEqual({
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          fine_tuning_method: 'clip',
          status: 'pending',
          created_at: '2024-01-15T12:00:00.000Z',
          updated_at: '2024-01-15T12:00:00.000Z',
          metadata: { run: 'nightly' },
        });
        expect(scheduler.calls).toEqual([{ taskId: created.id, delayMs: undefined }]);
        clock.advance(1_000);
        const claimed = await b.claim(created.id, { owner: 'w-1', leaseMs: LEASE_MS });
        expect(claimed).toMatchObject({ status: 'processing', attempt: 1, lease: { owner: 'w-1', expires_at: new Date(Date.UTC(2024, 0, 15, 12, 1, 1)) } });
        await a.setBatch(created.id, 'w-1', 'batch-7');
        clock.advance(1_000);
        await b.heartbeat(created.id, 'w-1', { phase: 'training', fraction: 0.25, epoch: 1, epochs: 4, best_metric: null }, LEASE_MS);
        expect((await a.get(created.id)).progress).toEqual({
          phase: 'training',
          fraction: 0.25,
          epoch: 1,
          epochs: 4,
          best_metric: null,
          updated_at: '2024-01-15T12:00:02.000Z',
        });
        clock.advance(1_000);
        const done = await a.complete(created.id, 'w-1', { best_model_url: 's3://m/1', best_model_id: 'm@1', metrics: { ndcg: 0.5 } });
        expect(done.lease).toBeUndefined();
        expect(await b.get(created.id)).toEqual({
          id: created.id,
          fine_tuning_method: 'clip',
          status: 'done',
          created_at: '2024-01-15T12:00:00.000Z',
          updated_at: '2024-01-15T12:00:03.000Z',
          batch_id: 'batch-7',
          metadata: { run: 'nightly' },
          best_model_url: 's3://m/1',
          best_model_id: 'm@1',
          metrics: { ndcg: 0.5 },
          progress: { phase: 'finished', fraction: 1, epoch: 1, epochs: 4, best_metric: null, updated_at: '2024-01-15T12:00:03.000Z' },
        });
        expect(await a.list({ status: 'done' })).toEqual([await a.get(created.id)]);
      });

      it('makes exactly one task of 20 concurrent creates with one idempotency key', async () => {
        const views = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).create({ fine_tuning_method: 'default', idempotency_key: KEY, metadata: { i } })),
        );
        const ids = new Set(views.map((v) => v.id));
        expect(ids.size).toBe(1);
        const [id] = [...ids] as [string];
        expect(views.every((v) => v.idempotency_key === KEY && v.status === 'pending')).toBe(true);
        expect(new Set(views.map((v) => JSON.stringify(v.metadata))).size).toBe(1);
        expect(await a.list({})).toEqual([await a.get(id)]);
        expect(scheduler.calls).toEqual([{ taskId: id, delayMs: undefined }]);
      }, 60_000);

      it('gives a task to exactly one of 5 concurrent claimers', async () => {
        const { id } = await a.create({ fine_tuning_method: 'default' });
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 ? b : a).claim(id, { owner: `w-${i}`, leaseMs: LEASE_MS })));
        const winners = results.filter((r): r is FineTuningTask => r !== null);
        expect(winners).toHaveLength(1);
        const winner = winners[0]!;
        expect(winner.attempt).toBe(1);
        const stored = await fx.store.get(id);
        expect(stored?.task.lease).toEqual(winner.lease);
        expect(stored?.task.attempt).toBe(1);
        expect(stored?.revision).toBe(2);
      }, 60_000);

      it('takes over an expired lease (attempt + 1) and stops the old holder', async () => {
        const id = await processing('w-old');
        clock.advance(LEASE_MS - 1);
        expect(await b.claim(id, { owner: 'w-new', leaseMs: LEASE_MS })).toBeNull();
        await a.heartbeat(id, 'w-old', undefined, LEASE_MS);
        clock.advance(LEASE_MS - 1);
        expect(await b.claim(id, { owner: 'w-new', leaseMs: LEASE_MS })).toBeNull();
        clock.advance(1);
        const taken = await b.claim(id, { owner: 'w-new', leaseMs: LEASE_MS });
        expect(taken).toMatchObject({ status: 'processing', attempt: 2, lease: { owner: 'w-new' } });
        await expect(a.heartbeat(id, 'w-old', { phase: 'training', fraction: 0.9 }, LEASE_MS)).rejects.toMatchObject({
          code: 'FINE_TUNING_TASKS_LEASE_LOST',
        });
        await expect(a.complete(id, 'w-old', { best_model_url: 's3://stale' })).rejects.toMatchObject({ code: 'FINE_TUNING_TASKS_LEASE_LOST' });
        await expect(a.fail(id, 'w-old', new Error('x'))).rejects.toMatchObject({ code: 'FINE_TUNING_TASKS_LEASE_LOST' });
        const done = await b.complete(id, 'w-new', { best_model_url: 's3://fresh' });
        expect(done).toMatchObject({ status: 'done', best_model_url: 's3://fresh', attempt: 2 });
      });

      it('takes over an expired lease only once when several claim it at the same time', async () => {
        const id = await processing('w-old');
        clock.advance(LEASE_MS);
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => (i % 2 ? b : a).claim(id, { owner: `w-${i}`, leaseMs: LEASE_MS })));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect((await fx.store.get(id))?.task.attempt).toBe(2);
      }, 60_000);

      it('cancel racing a heartbeat: the task ends canceled and a losing heartbeat writes nothing', async () => {
        for (let round = 0; round < rounds; round++) {
          const id = await processing();
          const message = `heartbeat ${round}`;
          const [cancel, beat] = await race(
            round,
            () => b.cancel(id),
            () => a.heartbeat(id, 'w-0', { phase: 'training', fraction: 0.5, message }, LEASE_MS),
          );
          expect(cancel).toEqual({ status: 'fulfilled', value: { id, status: 'canceled' } });
          const task = (await fx.store.get(id))!.task;
          expect(task.status).toBe('canceled');
          expect(task.lease).toBeUndefined();
          if (beat.status === 'fulfilled') expect(task.progress?.message).toBe(message);
          else {
            expect(code(beat)).toBe('FINE_TUNING_TASKS_LEASE_LOST');
            expect(task.progress?.message).toBeUndefined();
          }
        }
      }, 60_000);

      it('cancel racing complete: exactly one wins and the loser writes nothing', async () => {
        for (let round = 0; round < rounds; round++) {
          const id = await processing();
          const [cancel, complete] = await race(
            round,
            () => a.cancel(id),
            () => b.complete(id, 'w-0', { best_model_url: `s3://m/${round}` }),
          );
          const task = (await fx.store.get(id))!.task;
          if (complete.status === 'fulfilled') {
            expect(code(cancel)).toBe('FINE_TUNING_TASKS_INVALID_TRANSITION');
            expect(task).toMatchObject({ status: 'done', best_model_url: `s3://m/${round}` });
          } else {
            expect(cancel.status).toBe('fulfilled');
            expect(code(complete)).toBe('FINE_TUNING_TASKS_LEASE_LOST');
            expect(task.status).toBe('canceled');
            expect(task.best_model_url).toBeUndefined();
          }
          expect(task.lease).toBeUndefined();
        }
      }, 60_000);

      it('restart racing cancel of a finished task: the end state matches the order they were applied in', async () => {
        for (let round = 0; round < rounds; round++) {
          const id = await processing();
          await a.complete(id, 'w-0', { best_model_url: 's3://m' });
          scheduler.calls.length = 0;
          const [restart, cancel] = await race(round, () => a.restart(id), () => b.cancel(id));
          expect(restart).toEqual({ status: 'fulfilled', value: { id, status: 'pending' } });
          const task = (await fx.store.get(id))!.task;
          if (cancel.status === 'fulfilled') {
            // restart (done → pending) went first, then cancel (pending → canceled).
            expect(task.status).toBe('canceled');
          } else {
            // cancel met the done task (409), then restart re-queued it.
            expect(code(cancel)).toBe('FINE_TUNING_TASKS_INVALID_TRANSITION');
            expect(task.status).toBe('pending');
          }
          expect(task.best_model_url).toBeUndefined();
          expect(scheduler.calls).toEqual([{ taskId: id, delayMs: undefined }]);
        }
      }, 60_000);

      it('restart racing cancel of a processing task: one of the two orders, never both refused', async () => {
        for (let round = 0; round < rounds; round++) {
          const id = await processing();
          const [restart, cancel] = await race(round, () => b.restart(id), () => a.cancel(id));
          expect(cancel.status).toBe('fulfilled');
          const task = (await fx.store.get(id))!.task;
          if (restart.status === 'fulfilled') expect(task.status).toBe('pending');
          else {
            expect(code(restart)).toBe('FINE_TUNING_TASKS_INVALID_TRANSITION');
            expect(task.status).toBe('canceled');
          }
        }
      }, 60_000);

      it('re-queues a transient failure with a delay, ends others in error, and finds what a sweeper must re-schedule', async () => {
        const retried = await processing('w-r');
        const failed = await processing('w-f');
        const live = await processing('w-l');
        const { id: queued } = await a.create({ fine_tuning_method: 'default' });
        scheduler.calls.length = 0;

        const requeued = await a.fail(retried, 'w-r', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), { retryInMs: 30_000 });
        expect(requeued).toMatchObject({ status: 'pending', error: { name: 'Error', code: 'INTERNAL_UNEXPECTED', message: 'socket hang up' } });
        expect(requeued.lease).toBeUndefined();
        expect(scheduler.calls).toEqual([{ taskId: retried, delayMs: 30_000 }]);
        const ended = await b.fail(failed, 'w-f', new TypeError('bad plugin'));
        expect(ended).toMatchObject({ status: 'error', error: { name: 'TypeError', message: 'bad plugin' } });

        expect(await a.findRecoverable()).toEqual([queued]);
        clock.advance(30_000);
        // Oldest first: all four were created in the same millisecond, so by id (creation order).
        expect(await b.findRecoverable()).toEqual([retried, queued]);
        clock.advance(LEASE_MS);
        expect(await a.findRecoverable()).toEqual([retried, live, queued]);
        expect(await a.findRecoverable(new Date(Date.UTC(2024, 0, 15, 12, 0, 0)))).toEqual([queued]);
      });
    });
  });
}
