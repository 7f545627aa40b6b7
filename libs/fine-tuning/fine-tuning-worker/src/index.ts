// Public API of @embedding-studio/fine-tuning-worker. Name every export; nothing else is importable.
// The job queue and the worker process are in the `./agenda` entry.
export { createFineTuningRunner } from './lib/run-task.js';
export type { FineTuningRunner, FineTuningRunnerDeps, IterationTracker, RunOutcome, RunTaskOptions, TaskLeases, TrainFn } from './lib/run-task.js';
export { clickstreamBatches } from './lib/batches.js';
export type { BatchPort } from './lib/batches.js';
export { FINE_TUNING_WORKER_ERROR_CODES, FineTuningWorkerInterruptedError, FineTuningWorkerNoSessionsError } from './errors.js';
export type { FineTuningWorkerErrorCode } from './errors.js';
