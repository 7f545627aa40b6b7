// The Agenda (MongoDB) entry of @embedding-studio/fine-tuning-worker: the job queue that triggers
// task runs, the recovery sweep, and the worker process built on them. Name every export.
export { FINE_TUNING_JOBS, createAgendaTaskScheduler, createFineTuningAgenda, registerFineTuningJobs } from './lib/agenda/fine-tuning-jobs.js';
export type {
  AgendaTaskScheduler,
  CreateFineTuningAgendaOptions,
  FineTuningJobData,
  FineTuningJobsHandle,
  RegisterFineTuningJobsOptions,
} from './lib/agenda/fine-tuning-jobs.js';
export { startFineTuningWorker } from './lib/agenda/start-worker.js';
export type { FineTuningWorker, FineTuningWorkerServices, StartFineTuningWorkerOptions, WorkerSettings } from './lib/agenda/start-worker.js';
