// Entry of the training worker thread (started by runTrainingInWorker; not imported by the package
// index). It initialises a tfjs backend, runs runTraining and reports over the message port.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '@embedding-studio/errors';
import { initTfjsBackend } from '@embedding-studio/model-runtime/tfjs';
import { FineTuningRemoteError } from '../../errors.js';
import type { RunStartInfo, RunStatus, RunTracker } from '../ports/ports.js';
import { runTraining, type RunTrainingDeps } from '../train/run-training.js';
import type { CallbackName, ParentToWorker, TrackerMethod, WorkerInput, WorkerToParent } from './protocol.js';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('training-worker must run in a worker thread (started by runTrainingInWorker).');
  const input = workerData as WorkerInput;
  const send = (message: WorkerToParent): void => port.postMessage(message);
  const controller = new AbortController();
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const onMessage = (message: ParentToWorker): void => {
    if (message.type === 'cancel') controller.abort(message.reason);
    else if (message.type === 'tracker-reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) waiter?.resolve();
      else waiter?.reject(new FineTuningRemoteError(message.error));
    }
  };
  port.on('message', onMessage);
  try {
    const { backend } = await initTfjsBackend(input.backend ? { backend: input.backend } : {});
    send({ type: 'ready', backend });
    const rpc = (method: TrackerMethod, args: unknown[]): Promise<void> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        send({ type: 'tracker', id, method, args });
      });
    const tracker: RunTracker | undefined = input.tracker
      ? {
          startRun: (info: RunStartInfo) => rpc('startRun', [info]),
          logMetric: (name: string, value: number, step: number) => rpc('logMetric', [name, value, step]),
          finishRun: (status: RunStatus, best: number | null) => rpc('finishRun', [status, best]),
        }
      : undefined;
    const forward = (name: CallbackName) => (info: unknown) => send({ type: 'callback', name, info });
    const deps: RunTrainingDeps = {
      data: input.data,
      signal: controller.signal,
      ...(input.initialModel ? { initialModel: input.initialModel } : {}),
      ...(tracker ? { tracker } : {}),
      ...(input.progress ? { onProgress: (progress) => send({ type: 'progress', progress }) } : {}),
      ...(input.yieldEveryMs === null ? {} : { yieldEveryMs: input.yieldEveryMs }),
      ...(input.progressEveryMs === null ? {} : { progressEveryMs: input.progressEveryMs }),
    };
    for (const name of input.callbacks) deps[name] = forward(name);
    const result = await runTraining(input.plan, deps);
    send({ type: 'result', result });
  } catch (error) {
    send({ type: 'error', error: serializeError(error, { includeStack: true }) });
  } finally {
    // Stop listening so the thread can exit once the last message is flushed.
    port.off('message', onMessage);
  }
}

void main();
