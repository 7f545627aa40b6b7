// Public API of @embedding-studio/fine-tuning-worker. Name every export; nothing else is importable.
export { createFineTuningRunner, withInitialParams } from './lib/run-task.js';
export type { FineTuningRunner, FineTuningRunnerDeps, RunOutcome, RunTaskOptions, TrainFn } from './lib/run-task.js';
export type {
  BatchPort,
  ClaimedTask,
  IterationPort,
  StoredModel,
  TaskFailure,
  TaskLeasePort,
  TaskOutcome,
  TrackerPort,
  WorkerProgress,
} from './lib/ports.js';
export { FINE_TUNING_WORKER_ERROR_CODES, FineTuningWorkerNoSessionsError } from './errors.js';
export type { FineTuningWorkerErrorCode } from './errors.js';
