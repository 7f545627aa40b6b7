import { createTaskIdGenerator } from '../ids.js';
import type { FineTuningTask } from '../model.js';

const ids = createTaskIdGenerator();

/** A new task id (24 hex digits). */
export function aTaskId(): string {
  return ids();
}

/** A pending task as the service creates it; `overrides` replace fields. */
export function aTask(overrides: Partial<FineTuningTask> = {}): FineTuningTask {
  const at = new Date(Date.UTC(2024, 0, 15, 12, 0, 0));
  return { id: aTaskId(), fine_tuning_method: 'default', status: 'pending', created_at: at, updated_at: at, attempt: 0, ...overrides };
}

/** A task with every optional field set, to check that a store keeps them all. */
export function aFullTask(overrides: Partial<FineTuningTask> = {}): FineTuningTask {
  const at = new Date(Date.UTC(2024, 0, 15, 12, 0, 0, 123));
  return aTask({
    status: 'processing',
    created_at: at,
    updated_at: new Date(at.getTime() + 5_000),
    batch_id: '65a1b2c3d4e5f60718293a4b',
    metadata: { source: 'demo', tags: ['a', 'b'], nested: { 'odd.key': 1, $dollar: null, flag: true }, ratio: 0.25 },
    idempotency_key: 'b3b8f1f0-5c1e-4d8a-9a51-0f8e5a8b7c61',
    best_model_url: 's3://models/query-adapter/3/model.onnx',
    best_model_id: 'query-adapter@3',
    metrics: { 'mean_ndcg@10': 0.5, 'dist.shift': -0.125 },
    progress: {
      phase: 'training',
      fraction: 0.5,
      run: 2,
      runs: 4,
      epoch: 1,
      epochs: 3,
      step: 10,
      steps: 39,
      best_metric: { name: 'ndcg@10', value: 0.42 },
      message: 'epoch 1 of 3',
      updated_at: new Date(at.getTime() + 4_000),
    },
    error: { name: 'TransientError', code: 'MONGO_UNAVAILABLE', message: 'the database did not answer' },
    attempt: 2,
    lease: { owner: 'worker-1:42:job-7', expires_at: new Date(at.getTime() + 60_000) },
    retry_at: new Date(at.getTime() + 30_000),
    ...overrides,
  });
}

/** A valid `POST /fine-tuning/task` body. */
export function aCreateBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { fine_tuning_method: 'default', ...overrides };
}
