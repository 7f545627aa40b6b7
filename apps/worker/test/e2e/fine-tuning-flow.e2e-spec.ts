import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { decodeModelArtifact, loadModelArtifact } from '@embedding-studio/model-runtime/tfjs';
import { simulateSessions } from './clicks.js';
import { AUTHORIZATION, call, startStack, until, type Stack } from './harness.js';

jest.setTimeout(15 * 60_000);

const METHOD = 'Default Fine Tuning Method';

interface TaskView {
  id: string;
  status: string;
  batch_id?: string;
  best_model_url?: string;
  best_model_id?: string;
  metrics?: Record<string, number>;
  progress?: { phase: string; fraction: number };
  error?: { code: string; message: string };
}

let stack: Stack;

beforeAll(async () => {
  await tf.setBackend('cpu');
  stack = await startStack('flow', { ES_DEFAULT_METHOD_MAX_EVALS: '2', ES_DEFAULT_METHOD_EPOCHS: '4' });
  await stack.startWorker('worker');
});
afterAll(async () => {
  await stack?.stop();
});

async function postBatch(prefix: string, count: number, seed: number): Promise<void> {
  for (const { session, clicks } of simulateSessions(prefix, count, seed)) {
    await call('POST', `${stack.apiUrl}/clickstream/session`, session);
    if (clicks.length) {
      await call('POST', `${stack.apiUrl}/clickstream/session/events`, {
        session_id: session.session_id,
        events: clicks.map((object_id) => ({ event_id: randomUUID(), object_id })),
      });
    }
  }
}

async function runTask(body: Record<string, unknown>): Promise<{ task: TaskView; phases: Set<string> }> {
  const created = await call<TaskView>('POST', `${stack.apiUrl}/fine-tuning/task`, body);
  expect(created.status).toBe('pending');
  const phases = new Set<string>();
  const task = await until(
    `task ${created.id} to finish`,
    async () => {
      const t = await call<TaskView>('GET', `${stack.apiUrl}/fine-tuning/task/${created.id}`);
      if (t.progress) phases.add(t.progress.phase);
      if (t.status === 'error' || t.status === 'canceled') throw new Error(`task ended ${t.status}: ${JSON.stringify(t.error)}\n${stack.logs()}`);
      return t.status === 'done' ? t : null;
    },
    8 * 60_000,
    300,
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${stack.logs()}`);
  });
  return { task, phases };
}

describe('fine-tuning as a service, end to end (api + worker + FerretDB/MongoDB + MinIO)', () => {
  let first: TaskView;

  it('lists the loaded plugins and rejects an unknown method with 400 naming them', async () => {
    const methods = await call<{ name: string }[]>('GET', `${stack.apiUrl}/fine-tuning/methods`);
    expect(methods.map((m) => m.name)).toContain(METHOD);
    const res = await fetch(`${stack.apiUrl}/fine-tuning/task`, { method: 'POST', headers: { ...AUTHORIZATION, 'content-type': 'application/json' }, body: JSON.stringify({ fine_tuning_method: 'CLIP' }) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(METHOD);
  });

  it('trains from clicks: the collecting batch is released, the task ends done with a downloadable model', async () => {
    await postBatch('b1', 120, 1);
    const key = randomUUID();
    const { task, phases } = await runTask({ fine_tuning_method: METHOD, idempotency_key: key, metadata: { note: 'first' } });
    first = task;
    // The same idempotency key returns the same task.
    expect((await call<TaskView>('POST', `${stack.apiUrl}/fine-tuning/task`, { fine_tuning_method: METHOD, idempotency_key: key })).id).toBe(task.id);
    expect(task.batch_id).toBeTruthy();
    expect(phases.has('training') || phases.has('saving') || phases.has('finished')).toBe(true);
    expect(task.best_model_url).toBe(`/api/v1/models/${encodeURIComponent(task.best_model_id as string)}/artifact`);

    // The clicks teach the brand words: on held-out sessions whose queries the training never saw,
    // the fine-tuned adapter ranks the clicked results higher than the base model (what the deploy
    // gate reads).
    const lift = task.metrics?.['test_mrr_lift'];
    process.stdout.write(`e2e: iteration 1 test_mrr_lift = ${lift}, test_mrr = ${task.metrics?.['test_mrr']}\n`);
    expect(lift).toBeGreaterThan(0);

    const download = await fetch(new URL(task.best_model_url as string, stack.apiUrl).href, { headers: AUTHORIZATION });
    expect(download.status).toBe(200);
    const bundle = decodeModelArtifact(new Uint8Array(await download.arrayBuffer()));
    const adapter = loadModelArtifact(bundle.manifest, bundle.weights, { expectedKind: 'linear-adapter' });
    expect(adapter.inputDimension).toBe(384);
    adapter.dispose();

    // The released batch is no longer collecting: the batch id is the one the task recorded.
    const batch = await call<{ batch_id: string; status: string }>('GET', `${stack.apiUrl}/clickstream/internal/batch?batch_id=${task.batch_id}`);
    expect(batch.status).toBe('released');
  });

  it('a second batch and task start from the first task’s best model (the chain is visible in the API)', async () => {
    await postBatch('b2', 30, 2);
    const { task: second } = await runTask({ fine_tuning_method: METHOD });
    expect(second.batch_id).not.toBe(first.batch_id);

    const iterations = await call<{ items: { id: string; name: string; previous_iteration_id: string | null; status: string; batch_id: string | null }[] }>(
      'GET',
      `${stack.apiUrl}/experiments?plugin=${encodeURIComponent(METHOD)}`,
    );
    const byBatch = new Map(iterations.items.map((i) => [i.batch_id, i]));
    const it1 = byBatch.get(first.batch_id as string);
    const it2 = byBatch.get(second.batch_id as string);
    expect(it1?.name).toBe(`iteration / ${METHOD} / ${first.batch_id}`);
    expect(it2?.previous_iteration_id).toBe(it1?.id);

    const models = await call<{ items: { id: string; iteration_id: string; status: string }[] }>('GET', `${stack.apiUrl}/models?plugin=${encodeURIComponent(METHOD)}`);
    const live = (iteration: string | undefined) => models.items.filter((m) => m.iteration_id === iteration && m.status === 'live').map((m) => m.id);
    expect(live(it1?.id)).toEqual([first.best_model_id]);
    expect(live(it2?.id)).toEqual([second.best_model_id]);
  });
});
