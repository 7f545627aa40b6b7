// Public API of @embedding-studio/fine-tuning-agenda. Name every export; nothing else is importable.
export { FINE_TUNING_JOBS, createAgendaTaskScheduler, createFineTuningAgenda, registerFineTuningJobs } from './lib/fine-tuning-jobs.js';
export type {
  AgendaTaskScheduler,
  CreateFineTuningAgendaOptions,
  FineTuningJobData,
  FineTuningJobsHandle,
  RegisterFineTuningJobsOptions,
} from './lib/fine-tuning-jobs.js';
