import { jest } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { hasErrorCode } from '@embedding-studio/errors';
import { createHash } from 'node:crypto';
import { DEFAULT_TRAINING_PLAN } from '../plan/fine-tuning-builder.js';
import type { TrainingPlan } from '../plan/training-plan.js';
import { aTrainingPlan, createMemoryArtifactWriter, createMemoryRunTracker, plantedPermutationData } from '../testing/fixtures.js';
import { runTraining } from '../train/run-training.js';
import type { TrainingProgress } from '../train/types.js';
import { runTrainingInWorker } from './run-training-in-worker.js';

// Starting a worker thread loads TypeScript sources through tsx: seconds on a shared machine.
jest.setTimeout(120_000);

const data = plantedPermutationData({ seed: 1, trainQueries: 200, testQueries: 60 });
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('runTrainingInWorker', () => {
  it('trains off the main thread with the same result as in-process, proxying tracker, callbacks and writer', async () => {
    const plan = aTrainingPlan((b) => b.epochs(2));
    const tracker = createMemoryRunTracker();
    const writer = createMemoryArtifactWriter();
    const progress: TrainingProgress[] = [];
    const epochs: number[] = [];
    let ready = '';
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const remote = await runTrainingInWorker(plan, data, {
      backend: 'cpu',
      tracker,
      artifactWriter: writer,
      progressEveryMs: 0,
      onReady: ({ backend }) => {
        ready = backend;
      },
      onProgress: (p) => {
        progress.push(p);
      },
      onEpochEnd: (e) => {
        epochs.push(e.epoch);
      },
    });
    clearInterval(timer);
    expect(ready).toBe('cpu');
    expect(epochs).toEqual([0, 1]);
    expect(progress.at(-1)?.phase).toBe('finished');
    expect(ticks).toBeGreaterThan(20); // this thread's event loop kept running
    expect(tracker.calls[0]).toMatchObject({ op: 'startRun', info: { trial: 0 } });
    expect(tracker.calls.at(-1)).toEqual({ op: 'finishRun', status: 'finished', bestMetric: remote.bestMetric.value });
    expect(writer.written).toHaveLength(1);
    expect(remote.bestModelRef).toBe('memory://best/1');

    await tf.setBackend('cpu');
    const local = await runTraining(plan, { data });
    expect(remote.bestMetric).toEqual(local.bestMetric);
    expect(sha(remote.bestModel.weights)).toBe(sha(local.bestModel.weights));
  });

  it('rethrows errors from the worker with their code', async () => {
    const bad = { ...DEFAULT_TRAINING_PLAN, epochs: 0 } as TrainingPlan;
    const error = await runTrainingInWorker(bad, data, { backend: 'cpu' }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'FINE_TUNING_INVALID_PLAN')).toBe(true);
    expect((error as Error).message).toContain('epochs');
  });

  it('cancels a running worker', async () => {
    const controller = new AbortController();
    const error = await runTrainingInWorker(aTrainingPlan((b) => b.epochs(50)), data, {
      backend: 'cpu',
      signal: controller.signal,
      onStep: (s) => {
        if (s.step >= 2) controller.abort('stop');
      },
    }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'FINE_TUNING_CANCELLED')).toBe(true);
  });
});
