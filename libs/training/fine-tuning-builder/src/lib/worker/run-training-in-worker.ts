import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { serializeError } from '@embedding-studio/errors';
import { FineTuningCancelledError, FineTuningInvalidOptionError, FineTuningRemoteError, FineTuningWorkerFailedError } from '../../errors.js';
import type { TrainingData } from '../data/training-data.js';
import type { TrainingPlan } from '../plan/training-plan.js';
import type { ArtifactWriter, ModelArtifactData, RunTracker } from '../ports/ports.js';
import type { TrainingCallbacks, TrainingProgress, TrainingResult } from '../train/types.js';
import { CALLBACK_NAMES, type ParentToWorker, type WorkerInput, type WorkerToParent } from './protocol.js';

/** Options of {@link runTrainingInWorker}. Callbacks are notified asynchronously (not awaited by the worker). */
export interface RunTrainingInWorkerOptions extends TrainingCallbacks {
  /** Progress messages from the worker. @defaultValue none */
  onProgress?: (progress: TrainingProgress) => unknown;
  /** Aborting asks the worker to stop at its next step (and terminates it after `cancelGraceMs`). */
  signal?: AbortSignal;
  /** Runs in this thread; the worker waits for each call (an error fails the trial). @defaultValue none */
  tracker?: RunTracker;
  /** Called in this thread with the best model once the worker is done. @defaultValue none */
  artifactWriter?: ArtifactWriter;
  /** Every trial starts from this model. @defaultValue a fresh model per `plan.model` */
  initialModel?: ModelArtifactData;
  /**
   * tfjs backend for the worker (`tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`).
   * @defaultValue the fastest available, as `initTfjsBackend()` of model-runtime chooses
   */
  backend?: string;
  /** Called once the worker has initialised its backend. @defaultValue none */
  onReady?: (info: { backend: string }) => unknown;
  /** Milliseconds to wait after a cancel before terminating the thread. @defaultValue 5000 */
  cancelGraceMs?: number;
  /** Memory limits of the worker thread. @defaultValue Node's defaults */
  resourceLimits?: ResourceLimits;
  /** See `RunTrainingDeps.yieldEveryMs`. @defaultValue 0 */
  yieldEveryMs?: number;
  /** See `RunTrainingDeps.progressEveryMs`. @defaultValue 250 */
  progressEveryMs?: number;
}

/** How to start the worker: the compiled `.js` entry directly, or (from source) a `.ts` entry through tsx. */
function workerEntry(): { script: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: new URL('./training-worker.js', here), eval: false };
  // Running from TypeScript sources (tsx, Jest): Node 20 does not pass `--import` loaders to
  // workers, so a tiny bootstrap registers tsx's ESM hooks inside the worker, then imports the
  // entry. The workspace paths come from TSX_TSCONFIG_PATH or this package's tsconfig.json.
  const require = createRequire(here);
  const tsxPackage = require.resolve('tsx/package.json');
  const exportsMap = (JSON.parse(readFileSync(tsxPackage, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  const api = pathToFileURL(join(dirname(tsxPackage), exportsMap['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')).href;
  const libTsconfig = fileURLToPath(new URL('../../../tsconfig.json', here));
  const tsconfig = process.env['TSX_TSCONFIG_PATH'] ?? (existsSync(libTsconfig) ? libTsconfig : undefined);
  const entry = new URL('./training-worker.ts', here).href;
  const options = JSON.stringify(tsconfig === undefined ? {} : { tsconfig });
  return {
    script: `import(${JSON.stringify(api)}).then(({ register }) => { register(${options}); return import(${JSON.stringify(entry)}); });`,
    eval: true,
  };
}

/**
 * Runs {@link runTraining} in a `worker_threads` Worker, so the calling thread's event loop
 * (HTTP, job-lock renewals) never waits on tfjs. `data` and `plan` are copied to the worker
 * (structured clone); progress and callbacks come back as messages; tracker calls are proxied
 * to this thread; the best model is written here through `artifactWriter`.
 *
 * Errors thrown in the worker are rethrown here as {@link FineTuningRemoteError} with the same
 * `code`, `name` and `details` (e.g. `FINE_TUNING_CANCELLED`, `FINE_TUNING_INVALID_PLAN`).
 *
 * @throws FineTuningWorkerFailedError when the thread crashes or exits without a result.
 */
export function runTrainingInWorker(plan: TrainingPlan, data: TrainingData, options: RunTrainingInWorkerOptions = {}): Promise<TrainingResult> {
  const grace = options.cancelGraceMs ?? 5000;
  if (!Number.isFinite(grace) || grace < 0) {
    return Promise.reject(new FineTuningInvalidOptionError('options.cancelGraceMs', `must be a finite number ≥ 0, got ${String(grace)}.`));
  }
  if (options.signal?.aborted) return Promise.reject(new FineTuningCancelledError(0, String(options.signal.reason ?? 'aborted before start')));
  const input: WorkerInput = {
    plan,
    data,
    initialModel: options.initialModel ?? null,
    backend: options.backend ?? null,
    tracker: options.tracker !== undefined,
    callbacks: CALLBACK_NAMES.filter((n) => options[n] !== undefined),
    progress: options.onProgress !== undefined,
    yieldEveryMs: options.yieldEveryMs ?? null,
    progressEveryMs: options.progressEveryMs ?? null,
  };
  const entry = workerEntry();
  return new Promise<TrainingResult>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(entry.script, {
        workerData: input,
        eval: entry.eval,
        ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
      });
    } catch (error) {
      reject(new FineTuningWorkerFailedError(`it could not start (${error instanceof Error ? error.message : String(error)})`, error));
      return;
    }
    let settled = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const send = (message: ParentToWorker): void => worker.postMessage(message);
    const onAbort = (): void => {
      send({ type: 'cancel', reason: String(options.signal?.reason ?? 'aborted') });
      killTimer = setTimeout(() => {
        finish(() => reject(new FineTuningCancelledError(0, 'the worker did not stop in time and was terminated')));
      }, grace);
    };
    const finish = (settle: () => void): void => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      settle();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    // Tracker calls run strictly in order, as in-process.
    let trackerChain: Promise<void> = Promise.resolve();
    worker.on('message', (message: WorkerToParent) => {
      switch (message.type) {
        case 'ready':
          if (options.onReady) void Promise.resolve(options.onReady({ backend: message.backend })).catch(() => undefined);
          break;
        case 'progress':
          if (options.onProgress) void Promise.resolve(options.onProgress(message.progress)).catch(() => undefined);
          break;
        case 'callback': {
          const fn = options[message.name] as ((info: unknown) => unknown) | undefined;
          if (fn) void Promise.resolve(fn(message.info)).catch(() => undefined);
          break;
        }
        case 'tracker': {
          const tracker = options.tracker;
          trackerChain = trackerChain.then(async () => {
            try {
              const method = tracker?.[message.method] as ((...args: unknown[]) => unknown) | undefined;
              await method?.apply(tracker, [...message.args]);
              send({ type: 'tracker-reply', id: message.id, ok: true });
            } catch (error) {
              send({ type: 'tracker-reply', id: message.id, ok: false, error: serializeError(error) });
            }
          });
          break;
        }
        case 'result': {
          const result = message.result;
          finish(() => {
            if (!options.artifactWriter) {
              resolve(result);
              return;
            }
            Promise.resolve(
              options.artifactWriter.writeBestModel({
                artifact: result.bestModel,
                trial: result.bestTrial,
                params: result.bestParams,
                metric: { name: result.bestMetric.name, value: result.bestMetric.value },
              }),
            ).then((bestModelRef) => resolve({ ...result, bestModelRef }), reject);
          });
          break;
        }
        case 'error':
          finish(() => reject(new FineTuningRemoteError(message.error)));
          break;
      }
    });
    worker.on('error', (error) => finish(() => reject(new FineTuningWorkerFailedError(error.message, error))));
    worker.on('exit', (code) => finish(() => reject(new FineTuningWorkerFailedError(`it exited with code ${code} before sending a result`))));
  });
}
