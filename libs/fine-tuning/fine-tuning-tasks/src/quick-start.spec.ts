// The README "Quick start", kept compiling and passing here.
import { createFineTuningTaskService, type TaskScheduler } from './index.js';
import { createMemoryTaskStore } from './testing.js';

describe('README quick start', () => {
  it('creates, runs and finishes a task', async () => {
    const queued: string[] = [];
    const scheduler: TaskScheduler = { schedule: async (taskId) => void queued.push(taskId) };
    const tasks = createFineTuningTaskService({
      store: createMemoryTaskStore(), // createMongoTaskStore({ connection }) in production
      scheduler, // createAgendaTaskScheduler(agenda) in production
      methods: { names: () => ['default'] },
    });

    // API side (untrusted input; errors carry FINE_TUNING_TASKS_* codes)
    const task = await tasks.create({ fine_tuning_method: 'default', metadata: { note: 'nightly' } });
    // → { id, fine_tuning_method: 'default', status: 'pending', created_at, updated_at, metadata }

    // Worker side, for the id the scheduler queued
    const claimed = await tasks.claim(queued[0]!, { owner: 'worker-a:1', leaseMs: 60_000 });
    if (claimed) {
      await tasks.heartbeat(claimed.id, 'worker-a:1', { phase: 'training', fraction: 0.5 }, 60_000);
      await tasks.complete(claimed.id, 'worker-a:1', { best_model_url: 's3://models/m/1/model.onnx', metrics: { ndcg10: 0.41 } });
    }
    const view = await tasks.get(task.id);
    // → status 'done', best_model_url, metrics, progress { phase: 'finished', fraction: 1, … }

    expect(task.status).toBe('pending');
    expect(claimed?.attempt).toBe(1);
    expect(view).toMatchObject({ status: 'done', best_model_url: 's3://models/m/1/model.onnx', metrics: { ndcg10: 0.41 }, progress: { phase: 'finished', fraction: 1 } });
  });
});
