import { aTask, taskStoreContract } from '@embedding-studio/fine-tuning-tasks/testing';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createTestDatabase, createTestDatabasePair, type TestDatabase } from '@embedding-studio/mongo/testing';
import { encodeTask } from './codec.js';
import { createMongoTaskStore } from './mongo-task-store.js';
import { COLLECTIONS } from './schemas.js';

taskStoreContract('mongo, two instances on separate connections', async () => {
  const pair = await createTestDatabasePair('fine_tuning_tasks_mongo');
  return {
    store: await createMongoTaskStore({ connection: pair.db.connection }),
    peer: await createMongoTaskStore({ connection: pair.second.connection }),
    cleanup: pair.close,
  };
});

describe('mongo task store: interrupted and racing writes', () => {
  let db: TestDatabase;
  let now: number;
  const REPAIR_MS = 30_000;

  beforeEach(async () => {
    db = await createTestDatabase('fine_tuning_tasks_mongo_recovery');
    now = Date.UTC(2024, 0, 15, 12, 0, 0);
  });
  afterEach(async () => {
    await db.drop();
  });

  const open = () => createMongoTaskStore({ connection: db.connection, clock: { now: () => now }, repairAfterMs: REPAIR_MS });
  const raw = (name: string) => db.connection.db!.collection<Record<string, unknown>>(name);

  it('repairs the listing of a write whose process died after committing the revision', async () => {
    const store = await open();
    const task = aTask();
    await store.insert(task);
    // A process wrote its sync record and revision 2, then died before updating the projection.
    const canceled = { ...task, status: 'canceled' as const };
    await raw(COLLECTIONS.syncs).insertOne({ _id: `${task.id}:2:dead` as never, task_id: task.id, rev: 2, created_at: new Date(now) });
    await raw(COLLECTIONS.revisions).insertOne({ _id: `${task.id}:2` as never, task_id: task.id, rev: 2, task: encodeTask(canceled), written_at: new Date(now) });

    // Too recent to call abandoned: the writer may still be finishing.
    expect((await store.list({ skip: 0, limit: 10 })).map((t) => t.status)).toEqual(['pending']);
    now += REPAIR_MS;
    expect(await store.list({ status: 'canceled', skip: 0, limit: 10 })).toEqual([canceled]);
    expect(await store.list({ status: 'pending', skip: 0, limit: 10 })).toEqual([]);
    expect(await raw(COLLECTIONS.syncs).countDocuments({})).toBe(0);
    // A commit on the revision the dead process had read now loses, as it must.
    expect(await store.commit({ ...task, status: 'processing' }, 1)).toBeNull();
    expect(await store.get(task.id)).toEqual({ task: canceled, revision: 2 });
  });

  it('reads by id past a projection that an older snapshot overwrote, and restores it', async () => {
    const store = await open();
    const task = aTask();
    await store.insert(task);
    const done = { ...task, status: 'done' as const, best_model_url: 's3://m' };
    await store.commit(done, 1);
    // A late write of revision 1's snapshot lands on the projection (a lost update).
    await raw(COLLECTIONS.tasks).updateOne({ _id: task.id as never }, { $set: { rev: 1, status: 'pending', task: encodeTask(task) } });
    expect(await store.list({ status: 'pending', skip: 0, limit: 10 })).toEqual([task]);
    expect(await store.get(task.id)).toEqual({ task: done, revision: 2 });
    expect(await store.list({ skip: 0, limit: 10 })).toEqual([done]);
  });

  it('finishes a create that took its idempotency key and died before storing the task', async () => {
    const store = await open();
    const orphan = aTask({ idempotency_key: '2a7c6d9e-1b3f-4e5a-8c7d-9e0f1a2b3c4d' });
    await raw(COLLECTIONS.keys).insertOne({ _id: orphan.idempotency_key as never, task_id: orphan.id, task: encodeTask(orphan), created_at: new Date(now) });
    const retry = await store.insert(aTask({ idempotency_key: orphan.idempotency_key! }));
    expect(retry).toEqual({ record: { task: orphan, revision: 1 }, created: false });
    expect(await store.get(orphan.id)).toEqual({ task: orphan, revision: 1 });
    expect(await store.list({ skip: 0, limit: 10 })).toEqual([orphan]);
  });

  it('leaves the listing at the newest revision after many writers raced on one task', async () => {
    const second = await createMongoConnection({ url: process.env['MONGO_URL'] ?? '', dbName: db.dbName });
    try {
      const stores = [await open(), await createMongoTaskStore({ connection: second.connection, clock: { now: () => now } })];
      const task = aTask();
      await stores[0]!.insert(task);
      let wins = 0;
      // 6 writers, each committing 5 changes: read the newest revision, commit on it, retry on loss.
      await Promise.all(
        Array.from({ length: 6 }, async (_, w) => {
          const store = stores[w % 2]!;
          for (let done = 0; done < 5; ) {
            const current = (await store.get(task.id))!;
            const next = { ...current.task, attempt: current.task.attempt + 1, batch_id: `writer-${w}-${done}` };
            if (await store.commit(next, current.revision)) {
              done += 1;
              wins += 1;
            }
          }
        }),
      );
      expect(wins).toBe(30);
      const final = await stores[1]!.get(task.id);
      // Every successful commit added exactly one revision and one attempt: no lost update.
      expect(final?.revision).toBe(31);
      expect(final?.task.attempt).toBe(30);
      const shown = await raw(COLLECTIONS.tasks).findOne({ _id: task.id as never });
      expect(shown?.['rev']).toBe(31);
      expect(await stores[0]!.list({ skip: 0, limit: 1 })).toEqual([final?.task]);
      expect(await raw(COLLECTIONS.syncs).countDocuments({})).toBe(0);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('finds a task whose projection was never written', async () => {
    const store = await open();
    const task = aTask();
    await raw(COLLECTIONS.revisions).insertOne({ _id: `${task.id}:1` as never, task_id: task.id, rev: 1, task: encodeTask(task), written_at: new Date(now) });
    expect(await store.get(task.id)).toEqual({ task, revision: 1 });
    expect(await store.list({ skip: 0, limit: 10 })).toEqual([task]);
  });
});
