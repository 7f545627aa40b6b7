import { isAppError } from '@embedding-studio/errors';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { aCreateBody, createMemoryTaskStore, createRecordingScheduler, createStaticMethodCatalog } from '../testing.js';
import type { TaskLogger, TaskStore } from './ports.js';
import { createFineTuningTaskService } from './service.js';

const T0 = Date.UTC(2024, 0, 15, 12, 0, 0);

function createMemoryLogger(): TaskLogger & { records: { level: string; message: string; meta: unknown }[] } {
  const records: { level: string; message: string; meta: unknown }[] = [];
  return { records, warn: (message, meta) => records.push({ level: 'warn', message, meta }) };
}

function setup(store: TaskStore = createMemoryTaskStore()) {
  const clock = createTestClock(T0);
  const scheduler = createRecordingScheduler();
  const logger = createMemoryLogger();
  let n = 0;
  const ids = (): string => `65a5${String(++n).padStart(20, '0')}`;
  const service = createFineTuningTaskService({ store, scheduler, methods: createStaticMethodCatalog(['default', 'clip']), clock, ids, logger });
  return { service, clock, scheduler, logger, store };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; category: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, category: error.category, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('createFineTuningTaskService: HTTP side', () => {
  it('creates a pending task with the 0.0.1 shape, unset fields omitted, and schedules it', async () => {
    const { service, scheduler } = setup();
    const view = await service.create({ fine_tuning_method: 'clip', batch_id: 'b-1', metadata: { a: [1, { b: null }] }, extra: 'ignored' });
    expect(view).toEqual({
      id: '65a500000000000000000001',
      fine_tuning_method: 'clip',
      status: 'pending',
      created_at: '2024-01-15T12:00:00.000Z',
      updated_at: '2024-01-15T12:00:00.000Z',
      batch_id: 'b-1',
      metadata: { a: [1, { b: null }] },
    });
    expect(scheduler.calls).toEqual([{ taskId: view.id, delayMs: undefined }]);
    expect(await service.get(view.id)).toEqual(view);
  });

  it('returns the existing task unchanged for a repeated idempotency key, normalising the key', async () => {
    const { service, scheduler, clock } = setup();
    const first = await service.create(aCreateBody({ idempotency_key: '0F8E5A8B-7C61-4D8A-9A51-B3B8F1F05C1E', metadata: { v: 1 } }));
    expect(first.idempotency_key).toBe('0f8e5a8b-7c61-4d8a-9a51-b3b8f1f05c1e');
    clock.advance(5_000);
    const again = await service.create(aCreateBody({ idempotency_key: '0f8e5a8b7c614d8a9a51b3b8f1f05c1e', metadata: { v: 2 } }));
    expect(again).toEqual(first);
    expect(scheduler.calls).toHaveLength(1);
  });

  it('answers 422 naming every bad field', async () => {
    const { service } = setup();
    const error = await rejection(service.create({ fine_tuning_method: '', batch_id: 5, metadata: [1], idempotency_key: 'not-a-uuid' }));
    expect(error.code).toBe('FINE_TUNING_TASKS_VALIDATION');
    expect(error.category).toBe('validation');
    expect(error.details['issues']).toEqual([
      { field: 'fine_tuning_method', message: 'is required and must be a non-empty string' },
      { field: 'batch_id', message: 'is required and must be a non-empty string' },
      { field: 'metadata', message: 'must be a JSON object' },
      { field: 'idempotency_key', message: 'must be a UUID such as "123e4567-e89b-42d3-a456-426614174000"' },
    ]);
    expect((await rejection(service.create(null))).details['issues']).toEqual([
      { field: 'body', message: 'must be a JSON object' },
      { field: 'fine_tuning_method', message: 'is required and must be a non-empty string' },
    ]);
    const big = await rejection(service.create(aCreateBody({ metadata: { blob: 'x'.repeat(70_000) } })));
    expect(big.details['issues']).toEqual([
      { field: 'metadata', message: 'is 70011 bytes as JSON, over the limit of 65536; keep large data elsewhere and reference it' },
    ]);
    const odd = await rejection(service.create(aCreateBody({ metadata: { at: new Date(0) } })));
    expect(odd.details['issues']).toEqual([{ field: 'metadata', message: 'holds a value that is not JSON' }]);
  });

  it('answers 400 for an unknown method and lists the loaded ones', async () => {
    const { service, scheduler } = setup();
    const error = await rejection(service.create({ fine_tuning_method: 'bert' }));
    expect(error).toEqual({
      code: 'FINE_TUNING_TASKS_UNKNOWN_METHOD',
      category: 'input',
      message: 'fine_tuning_method "bert" is unknown; use one of the loaded methods: "default", "clip".',
      details: { field: 'fine_tuning_method', value: 'bert', known: ['default', 'clip'] },
    });
    expect(await service.list({})).toEqual([]);
    expect(scheduler.calls).toEqual([]);
  });

  it('keeps the task and warns when scheduling fails', async () => {
    const { service, scheduler, logger } = setup();
    scheduler.failWith(new Error('agenda is down'));
    const view = await service.create(aCreateBody());
    expect((await service.get(view.id)).status).toBe('pending');
    expect(logger.records).toEqual([
      {
        level: 'warn',
        message: 'could not schedule fine-tuning task; it stays pending until a sweeper re-schedules it',
        meta: { task_id: view.id, error: expect.objectContaining({ message: 'agenda is down' }) },
      },
    ]);
    expect(await service.findRecoverable()).toEqual([view.id]);
  });

  it('answers 404 for unknown and malformed ids, with the 0.0.1 message', async () => {
    const { service } = setup();
    expect(await rejection(service.get('65a5ffffffffffffffffffff'))).toMatchObject({
      code: 'FINE_TUNING_TASKS_NOT_FOUND',
      category: 'not-found',
      message: 'Task with ID `65a5ffffffffffffffffffff` not found; list tasks with GET /fine-tuning/task to find its id.',
    });
    for (const bad of ['xyz', '65a5fffffffffffffffffff', 42, undefined]) {
      expect((await rejection(service.get(bad))).code).toBe('FINE_TUNING_TASKS_NOT_FOUND');
      expect((await rejection(service.cancel(bad))).code).toBe('FINE_TUNING_TASKS_NOT_FOUND');
      expect((await rejection(service.restart(bad))).code).toBe('FINE_TUNING_TASKS_NOT_FOUND');
    }
  });

  it('accepts an upper-case id', async () => {
    const { service } = setup();
    const { id } = await service.create(aCreateBody());
    expect((await service.get(id.toUpperCase())).id).toBe(id);
  });

  it('lists newest first with skip, limit and status, validating the query', async () => {
    const { service, clock } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await service.create(aCreateBody())).id);
      clock.advance(1_000);
    }
    await service.cancel(ids[1]);
    expect((await service.list({})).map((t) => t.id)).toEqual([...ids].reverse());
    expect((await service.list({ skip: '1', limit: '2' })).map((t) => t.id)).toEqual([ids[2], ids[1]]);
    expect((await service.list({ status: 'canceled' })).map((t) => t.id)).toEqual([ids[1]]);
    expect((await service.list({ status: '' })).length).toBe(4);
    const error = await rejection(service.list({ skip: '-1', limit: '1001', status: 'running' }));
    expect(error.code).toBe('FINE_TUNING_TASKS_VALIDATION');
    expect(error.details['issues']).toEqual([
      { field: 'skip', message: `must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}` },
      { field: 'limit', message: 'must be an integer between 1 and 1000' },
      { field: 'status', message: 'must be one of pending, processing, done, error, canceled' },
    ]);
    expect((await rejection(service.list({ limit: '0' }))).details['issues']).toEqual([{ field: 'limit', message: 'must be an integer between 1 and 1000' }]);
    expect((await rejection(service.list({ limit: ['1', '2'] }))).code).toBe('FINE_TUNING_TASKS_VALIDATION');
  });

  it('cancels pending and processing tasks, and refuses finished or canceled ones with 409', async () => {
    const { service } = setup();
    const pending = (await service.create(aCreateBody())).id;
    expect(await service.cancel(pending)).toEqual({ id: pending, status: 'canceled' });
    const again = await rejection(service.cancel(pending));
    expect(again.code).toBe('FINE_TUNING_TASKS_INVALID_TRANSITION');
    expect(again.category).toBe('conflict');
    expect(again.message).toContain('already canceled');

    const running = (await service.create(aCreateBody())).id;
    await service.claim(running, { owner: 'w', leaseMs: 1_000 });
    expect(await service.cancel(running)).toEqual({ id: running, status: 'canceled' });
    await expect(service.heartbeat(running, 'w', undefined, 1_000)).rejects.toMatchObject({
      code: 'FINE_TUNING_TASKS_LEASE_LOST',
      message: `Task ${running} was canceled; worker "w" must stop working on it.`,
    });

    const done = (await service.create(aCreateBody())).id;
    await service.claim(done, { owner: 'w', leaseMs: 1_000 });
    await service.complete(done, 'w', { best_model_url: 's3://m' });
    expect((await rejection(service.cancel(done))).message).toContain('already finished (done)');
  });

  it('restarts finished tasks (clearing the last run), re-schedules pending ones, and refuses processing ones', async () => {
    const { service, scheduler, clock } = setup();
    const id = (await service.create(aCreateBody({ batch_id: 'b-9' }))).id;
    await service.claim(id, { owner: 'w', leaseMs: 1_000 });
    expect((await rejection(service.restart(id))).message).toBe(
      `Task ${id} is processing and cannot be restarted; cancel it first with PUT /fine-tuning/task/${id}/cancel, then restart it.`,
    );
    await service.fail(id, 'w', new Error('boom'));
    expect((await service.get(id)).error).toEqual({ name: 'Error', code: 'INTERNAL_UNEXPECTED', message: 'boom' });
    scheduler.calls.length = 0;
    clock.advance(10_000);
    expect(await service.restart(id)).toEqual({ id, status: 'pending' });
    expect(await service.get(id)).toEqual({
      id,
      fine_tuning_method: 'default',
      status: 'pending',
      created_at: '2024-01-15T12:00:00.000Z',
      updated_at: '2024-01-15T12:00:10.000Z',
      batch_id: 'b-9',
    });
    expect(scheduler.calls).toEqual([{ taskId: id, delayMs: undefined }]);
    const before = await service.get(id);
    clock.advance(1_000);
    expect(await service.restart(id)).toEqual({ id, status: 'pending' });
    expect(await service.get(id)).toEqual(before);
    expect(scheduler.calls).toHaveLength(2);
  });
});

describe('createFineTuningTaskService: worker side', () => {
  it('claims once, lets the holder claim again (renewing), and counts takeovers as attempts', async () => {
    const { service, clock } = setup();
    const id = (await service.create(aCreateBody())).id;
    const first = await service.claim(id, { owner: 'w1', leaseMs: 10_000 });
    expect(first).toMatchObject({ status: 'processing', attempt: 1, lease: { owner: 'w1', expires_at: new Date(T0 + 10_000) } });
    expect(first?.progress).toEqual({ phase: 'preparing', fraction: 0, updated_at: new Date(T0) });
    clock.advance(4_000);
    expect(await service.claim(id, { owner: 'w1', leaseMs: 10_000 })).toMatchObject({ attempt: 1, lease: { expires_at: new Date(T0 + 14_000) } });
    expect(await service.claim(id, { owner: 'w2', leaseMs: 10_000 })).toBeNull();
    clock.advance(10_000);
    expect(await service.claim(id, { owner: 'w2', leaseMs: 10_000 })).toMatchObject({ attempt: 2, lease: { owner: 'w2' } });
    await expect(service.heartbeat(id, 'w1', undefined, 10_000)).rejects.toMatchObject({
      code: 'FINE_TUNING_TASKS_LEASE_LOST',
      details: { id, owner: 'w1', status: 'processing', holder: 'w2' },
    });
    await expect(service.claim('65a5ffffffffffffffffffff', { owner: 'w', leaseMs: 1 })).rejects.toMatchObject({ code: 'FINE_TUNING_TASKS_NOT_FOUND' });
  });

  it('does not claim canceled, finished or unknown-state tasks', async () => {
    const { service } = setup();
    const id = (await service.create(aCreateBody())).id;
    await service.cancel(id);
    expect(await service.claim(id, { owner: 'w', leaseMs: 1_000 })).toBeNull();
  });

  it('lets an expired holder renew while no one has taken the task over', async () => {
    const { service, clock } = setup();
    const id = (await service.create(aCreateBody())).id;
    await service.claim(id, { owner: 'w', leaseMs: 1_000 });
    clock.advance(5_000);
    const renewed = await service.heartbeat(id, 'w', { phase: 'training', fraction: 0.1 }, 1_000);
    expect(renewed.lease).toEqual({ owner: 'w', expires_at: new Date(T0 + 6_000) });
  });

  it('validates worker reports', async () => {
    const { service } = setup();
    const id = (await service.create(aCreateBody())).id;
    await service.claim(id, { owner: 'w', leaseMs: 1_000 });
    const bad = await rejection(
      service.heartbeat(id, 'w', { phase: 'cooking', fraction: 1.5, epoch: -1, best_metric: { name: '', value: Number.NaN } } as never, 1_000),
    );
    expect(bad.details['issues']).toEqual([
      { field: 'progress.phase', message: 'must be one of queued, preparing, training, saving, finished' },
      { field: 'progress.fraction', message: 'must be between 0 and 1' },
      { field: 'progress.epoch', message: `must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}` },
      { field: 'progress.best_metric.name', message: 'is required and must be a non-empty string' },
      { field: 'progress.best_metric.value', message: 'must be a finite number' },
    ]);
    expect((await rejection(service.claim(id, { owner: '', leaseMs: 0 }))).details['issues']).toEqual([
      { field: 'owner', message: 'is required and must be a non-empty string' },
      { field: 'leaseMs', message: `must be an integer between 1 and ${Number.MAX_SAFE_INTEGER}` },
    ]);
    expect((await rejection(service.complete(id, 'w', { best_model_url: '', metrics: { loss: Number.POSITIVE_INFINITY } }))).details['issues']).toEqual([
      { field: 'best_model_url', message: 'is required and must be a non-empty string' },
      { field: 'metrics.loss', message: 'must be a finite number' },
    ]);
    expect((await rejection(service.fail(id, 'w', new Error('x'), { retryInMs: -5 }))).code).toBe('FINE_TUNING_TASKS_VALIDATION');
  });

  it('stores an already serialised error as given, and anything else through serializeError', async () => {
    const { service } = setup();
    const a = (await service.create(aCreateBody())).id;
    await service.claim(a, { owner: 'w', leaseMs: 1_000 });
    const failed = await service.fail(a, 'w', { name: 'NoSessionsError', code: 'FINE_TUNING_WORKER_NO_SESSIONS', message: 'batch b is empty', extra: 1 });
    expect(failed.error).toEqual({ name: 'NoSessionsError', code: 'FINE_TUNING_WORKER_NO_SESSIONS', message: 'batch b is empty' });
    const b = (await service.create(aCreateBody())).id;
    await service.claim(b, { owner: 'w', leaseMs: 1_000 });
    expect((await service.fail(b, 'w', 'plain string')).error).toEqual({ name: 'Error', code: 'INTERNAL_UNEXPECTED', message: 'plain string' });
  });

  it('records the batch, re-queues transient failures with progress "queued", and keeps AppError codes', async () => {
    const { service, scheduler, clock } = setup();
    const id = (await service.create(aCreateBody())).id;
    await service.claim(id, { owner: 'w', leaseMs: 60_000 });
    expect((await service.setBatch(id, 'w', 'batch-1')).batch_id).toBe('batch-1');
    const unavailable = Object.assign(new Error('db down'), { code: 'MONGO_UNAVAILABLE', category: 'unavailable', details: {} });
    scheduler.calls.length = 0;
    const requeued = await service.fail(id, 'w', unavailable, { retryInMs: 15_500 });
    expect(requeued).toMatchObject({
      status: 'pending',
      attempt: 1,
      retry_at: new Date(T0 + 15_500),
      error: { name: 'Error', code: 'MONGO_UNAVAILABLE', message: 'db down' },
      progress: { phase: 'queued', fraction: 0, message: 're-queued after a transient failure (MONGO_UNAVAILABLE); next try in 16 s' },
    });
    expect(scheduler.calls).toEqual([{ taskId: id, delayMs: 15_500 }]);
    expect(await service.findRecoverable()).toEqual([]);
    clock.advance(15_500);
    expect(await service.findRecoverable()).toEqual([id]);
    const again = await service.claim(id, { owner: 'w2', leaseMs: 60_000 });
    expect(again).toMatchObject({ attempt: 2, batch_id: 'batch-1' });
    expect(again?.error).toBeUndefined();
    expect(again?.retry_at).toBeUndefined();
  });

  it('gives up with 503 FINE_TUNING_TASKS_CONTENTION when every commit loses', async () => {
    const inner = createMemoryTaskStore();
    let commits = 0;
    const losing: TaskStore = {
      ...inner,
      commit: async () => {
        commits += 1;
        return null;
      },
    };
    const { service } = setup(losing);
    const id = (await service.create(aCreateBody())).id;
    const error = await rejection(service.cancel(id));
    expect(error).toMatchObject({ code: 'FINE_TUNING_TASKS_CONTENTION', category: 'unavailable', details: { id, tries: 64 } });
    expect(commits).toBe(64);
  });
});
