import express from 'express';
import request from 'supertest';
import { createFineTuningTaskService, type FineTuningTaskService } from '@embedding-studio/fine-tuning-tasks';
import { createFixedClock, createMemoryTaskStore, createRecordingScheduler, createStaticMethodCatalog } from '@embedding-studio/fine-tuning-tasks/testing';
import { errorHandler, notFound } from '../middleware/error-handler.js';
import { fineTuningRoutes } from './fine-tuning.routes.js';

const KEY = '9b2f6c1e-3d4a-4b5c-8d6e-7f8091a2b3c4';

function setup() {
  const clock = createFixedClock(Date.UTC(2024, 0, 15, 12, 0, 0));
  const scheduler = createRecordingScheduler();
  let n = 0;
  const service: FineTuningTaskService = createFineTuningTaskService({
    store: createMemoryTaskStore(),
    scheduler,
    methods: createStaticMethodCatalog(['default', 'clip']),
    clock,
    ids: () => `65a5${String(++n).padStart(20, '0')}`,
  });
  const app = express();
  app.set('query parser', 'simple');
  app.use(express.json({ strict: false }));
  app.use((req, _res, next) => {
    req.id = 'req-1';
    next();
  });
  app.use('/api/v1/fine-tuning', fineTuningRoutes(service));
  app.use(notFound);
  app.use(errorHandler({ exposeStack: false }));
  return { http: request(app), clock, scheduler, service };
}

describe('fine-tuning routes', () => {
  it('POST /task creates a pending task (0.0.1 shape) and repeats return it for the same idempotency key', async () => {
    const { http, scheduler } = setup();
    const body = { fine_tuning_method: 'clip', metadata: { owner: 'search-team' }, idempotency_key: KEY };
    const created = await http.post('/api/v1/fine-tuning/task').send(body).expect(200);
    expect(created.body).toEqual({
      id: '65a500000000000000000001',
      fine_tuning_method: 'clip',
      status: 'pending',
      created_at: '2024-01-15T12:00:00.000Z',
      updated_at: '2024-01-15T12:00:00.000Z',
      metadata: { owner: 'search-team' },
      idempotency_key: KEY,
    });
    const again = await http.post('/api/v1/fine-tuning/task').send({ ...body, metadata: { other: 1 } }).expect(200);
    expect(again.body).toEqual(created.body);
    expect(scheduler.calls).toEqual([{ taskId: created.body.id, delayMs: undefined }]);
  });

  it('POST /task answers 422 naming the bad fields and 400 for an unknown method', async () => {
    const { http } = setup();
    const invalid = await http.post('/api/v1/fine-tuning/task').send({ metadata: 'x', idempotency_key: 'nope' }).expect(422);
    expect(invalid.body).toEqual({
      detail: expect.any(String),
      error: {
        name: 'TaskValidationError',
        code: 'FINE_TUNING_TASKS_VALIDATION',
        message: 'fine_tuning_method: is required and must be a non-empty string; metadata: must be a JSON object; idempotency_key: must be a UUID such as "123e4567-e89b-42d3-a456-426614174000"',
        details: {
          issues: [
            { field: 'fine_tuning_method', message: 'is required and must be a non-empty string' },
            { field: 'metadata', message: 'must be a JSON object' },
            { field: 'idempotency_key', message: 'must be a UUID such as "123e4567-e89b-42d3-a456-426614174000"' },
          ],
        },
      },
      request: { method: 'POST', url: '/api/v1/fine-tuning/task', requestId: 'req-1' },
      response: { statusCode: 422 },
    });
    const unknown = await http.post('/api/v1/fine-tuning/task').send({ fine_tuning_method: 'bert' }).expect(400);
    expect(unknown.body.error).toEqual({
      name: 'TaskUnknownMethodError',
      code: 'FINE_TUNING_TASKS_UNKNOWN_METHOD',
      message: 'fine_tuning_method "bert" is unknown; use one of the loaded methods: "default", "clip".',
      details: { field: 'fine_tuning_method', value: 'bert', known: ['default', 'clip'] },
    });
    expect(unknown.body.detail).toBe(unknown.body.error.message);
  });

  it('GET /task lists newest first with skip, limit and status, and answers 422 for a bad query', async () => {
    const { http, clock, service } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await service.create({ fine_tuning_method: 'default' })).id);
      clock.advance(1_000);
    }
    await service.cancel(ids[0]);
    const all = await http.get('/api/v1/fine-tuning/task').expect(200);
    expect(all.body.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1], ids[0]]);
    const page = await http.get('/api/v1/fine-tuning/task?skip=1&limit=1').expect(200);
    expect(page.body.map((t: { id: string }) => t.id)).toEqual([ids[1]]);
    const canceled = await http.get('/api/v1/fine-tuning/task?status=canceled').expect(200);
    expect(canceled.body).toEqual([
      {
        id: ids[0],
        fine_tuning_method: 'default',
        status: 'canceled',
        created_at: '2024-01-15T12:00:00.000Z',
        updated_at: '2024-01-15T12:00:03.000Z',
      },
    ]);
    const bad = await http.get('/api/v1/fine-tuning/task?status=running&limit=5000').expect(422);
    expect(bad.body.error.code).toBe('FINE_TUNING_TASKS_VALIDATION');
    expect(bad.body.error.details.issues).toEqual([
      { field: 'limit', message: 'must be an integer between 1 and 1000' },
      { field: 'status', message: 'must be one of pending, processing, done, error, canceled' },
    ]);
  });

  it('GET /task/:id returns the task, and 404 for unknown or malformed ids', async () => {
    const { http, service } = setup();
    const { id } = await service.create({ fine_tuning_method: 'default', batch_id: 'b-1' });
    expect((await http.get(`/api/v1/fine-tuning/task/${id}`).expect(200)).body).toEqual({
      id,
      fine_tuning_method: 'default',
      status: 'pending',
      created_at: '2024-01-15T12:00:00.000Z',
      updated_at: '2024-01-15T12:00:00.000Z',
      batch_id: 'b-1',
    });
    const missing = await http.get('/api/v1/fine-tuning/task/65a5ffffffffffffffffffff').expect(404);
    expect(missing.body.error).toMatchObject({ code: 'FINE_TUNING_TASKS_NOT_FOUND', details: { id: '65a5ffffffffffffffffffff' } });
    expect(missing.body.detail).toBe('Task with ID `65a5ffffffffffffffffffff` not found; list tasks with GET /fine-tuning/task to find its id.');
    const malformed = await http.get('/api/v1/fine-tuning/task/not-an-id').expect(404);
    expect(malformed.body.error.code).toBe('FINE_TUNING_TASKS_NOT_FOUND');
  });

  it('PUT /task/:id/cancel and /restart return {id, status}; illegal moves answer 409', async () => {
    const { http, service, scheduler } = setup();
    const { id } = await service.create({ fine_tuning_method: 'default' });
    await service.claim(id, { owner: 'worker-1', leaseMs: 60_000 });

    const busy = await http.put(`/api/v1/fine-tuning/task/${id}/restart`).expect(409);
    expect(busy.body.error).toMatchObject({ code: 'FINE_TUNING_TASKS_INVALID_TRANSITION', details: { id, action: 'restart', status: 'processing' } });

    expect((await http.put(`/api/v1/fine-tuning/task/${id}/cancel`).expect(200)).body).toEqual({ id, status: 'canceled' });
    const twice = await http.put(`/api/v1/fine-tuning/task/${id}/cancel`).expect(409);
    expect(twice.body.error.message).toBe(
      `Task ${id} is already canceled; canceling it again changes nothing. Restart it with PUT /fine-tuning/task/${id}/restart to run it again.`,
    );

    scheduler.calls.length = 0;
    expect((await http.put(`/api/v1/fine-tuning/task/${id}/restart`).expect(200)).body).toEqual({ id, status: 'pending' });
    expect(scheduler.calls).toEqual([{ taskId: id, delayMs: undefined }]);
    await http.put('/api/v1/fine-tuning/task/65a5ffffffffffffffffffff/cancel').expect(404);
    await http.put('/api/v1/fine-tuning/task/bad/restart').expect(404);
  });

  it('answers a path id with a bad %-escape with 400, not 500', async () => {
    const { http } = setup();
    const res = await http.get('/api/v1/fine-tuning/task/%E0%A4%A').expect(400);
    expect(res.body.error.code).toBe('HTTP_BAD_PATH');
  });
});
