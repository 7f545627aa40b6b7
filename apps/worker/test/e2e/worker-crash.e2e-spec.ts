import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { createS3ArtifactStore } from '@embedding-studio/artifact-store-s3';
import { simulateSessions } from './clicks.js';
import { call, startStack, until, type Stack } from './harness.js';

jest.setTimeout(15 * 60_000);

const METHOD = 'E2E Slow Method';

interface TaskView {
  id: string;
  status: string;
  batch_id?: string;
  best_model_id?: string;
  progress?: { phase: string; step?: number };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('crash', { ES_PLUGINS_PATH: 'apps/worker/test/e2e/plugins', WORKER_LEASE_MS: '5000', ES_DEFAULT_METHOD_MAX_EVALS: '1' });
});
afterAll(async () => {
  await stack?.stop();
});

async function postBatch(prefix: string, seed: number): Promise<void> {
  for (const { session, clicks } of simulateSessions(prefix, 40, seed)) {
    await call('POST', `${stack.apiUrl}/clickstream/session`, session);
    if (clicks.length) {
      await call('POST', `${stack.apiUrl}/clickstream/session/events`, { session_id: session.session_id, events: clicks.map((object_id) => ({ event_id: randomUUID(), object_id })) });
    }
  }
}

const getTask = (id: string): Promise<TaskView> => call<TaskView>('GET', `${stack.apiUrl}/fine-tuning/task/${id}`);

async function waitUntilTraining(id: string): Promise<void> {
  await until(`task ${id} to be training`, async () => {
    const t = await getTask(id);
    return t.progress?.phase === 'training' && (t.progress.step ?? 0) > 0;
  }, 5 * 60_000, 200).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${stack.logs()}`);
  });
}

async function waitUntilDone(id: string): Promise<TaskView> {
  return until(`task ${id} to be done`, async () => {
    const t = await getTask(id);
    if (t.status === 'error' || t.status === 'canceled') throw new Error(`task ended ${t.status}`);
    return t.status === 'done' ? t : null;
  }, 8 * 60_000, 500).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${stack.logs()}`);
  });
}

describe('worker failures', () => {
  it('SIGKILL mid-training: a fresh worker finishes the task after the lease expires; one best model exists', async () => {
    const a = await stack.startWorker('worker-a');
    await postBatch('k1', 1);
    const task = await call<TaskView>('POST', `${stack.apiUrl}/fine-tuning/task`, { fine_tuning_method: METHOD });
    await waitUntilTraining(task.id);
    a.child.kill('SIGKILL');
    expect(await a.exited).toBe('SIGKILL');

    const b = await stack.startWorker('worker-b');
    const done = await waitUntilDone(task.id);
    expect(b.output()).toMatch(/"attempt":2,[^\n]*"msg":"task claimed"/);

    const iterations = await call<{ items: { id: string; batch_id: string | null }[] }>('GET', `${stack.apiUrl}/experiments?plugin=${encodeURIComponent(METHOD)}`);
    const iteration = iterations.items.find((i) => i.batch_id === done.batch_id);
    expect(iteration).toBeDefined();
    const models = await call<{ items: { id: string; iteration_id: string; status: string }[] }>('GET', `${stack.apiUrl}/models?plugin=${encodeURIComponent(METHOD)}`);
    expect(models.items.filter((m) => m.iteration_id === iteration?.id && m.status === 'live').map((m) => m.id)).toEqual([done.best_model_id]);

    // Exactly one artifact under the iteration in the bucket (leftovers of the killed run are collected).
    const store = createS3ArtifactStore({
      endpoint: stack.env['S3_ENDPOINT'] as string,
      region: process.env['S3_REGION'] ?? 'us-east-1',
      bucket: stack.env['S3_BUCKET'] as string,
      forcePathStyle: true,
      ...(process.env['S3_ACCESS_KEY_ID'] ? { accessKeyId: process.env['S3_ACCESS_KEY_ID'] } : {}),
      ...(process.env['S3_SECRET_ACCESS_KEY'] ? { secretAccessKey: process.env['S3_SECRET_ACCESS_KEY'] } : {}),
    });
    expect((await store.list(`models/${iteration?.id}/`)).length).toBe(1);

    // SIGTERM with nothing running exits cleanly.
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });

  it('SIGTERM mid-training hands the task back; another worker finishes it', async () => {
    const c = await stack.startWorker('worker-c', { WORKER_DRAIN_TIMEOUT_MS: '500' });
    await postBatch('k2', 2);
    const task = await call<TaskView>('POST', `${stack.apiUrl}/fine-tuning/task`, { fine_tuning_method: METHOD });
    await waitUntilTraining(task.id);
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);
    expect(c.output()).toMatch(/handing the task back/);
    const handedBack = await getTask(task.id);
    if (handedBack.status !== 'pending') throw new Error(`expected pending, got ${handedBack.status}\n${c.output().slice(-5000)}`);

    const d = await stack.startWorker('worker-d');
    const done = await waitUntilDone(task.id);
    expect(done.best_model_id).toBeTruthy();
    // Leave no worker running: the next test needs its own worker to be the one that trains.
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
  });

  it('cancel mid-training stops the worker; restart trains the task again to done', async () => {
    const e = await stack.startWorker('worker-e');
    await postBatch('k3', 3);
    const task = await call<TaskView>('POST', `${stack.apiUrl}/fine-tuning/task`, { fine_tuning_method: METHOD });
    await waitUntilTraining(task.id);
    expect(await call('PUT', `${stack.apiUrl}/fine-tuning/task/${task.id}/cancel`)).toEqual({ id: task.id, status: 'canceled' });
    await e.waitFor(/lease lost/, 60_000);
    // Cancelling twice, or restarting is allowed only from a finished state: a second cancel is a conflict.
    await call('PUT', `${stack.apiUrl}/fine-tuning/task/${task.id}/cancel`, undefined, 409);
    expect(await call('PUT', `${stack.apiUrl}/fine-tuning/task/${task.id}/restart`)).toEqual({ id: task.id, status: 'pending' });
    const done = await waitUntilDone(task.id);
    expect(done.best_model_id).toBeTruthy();
    expect((await getTask(task.id)).status).toBe('done');
  });
});
