// The error catalogue of @embedding-studio/fine-tuning-worker (listed in the README "Errors" table).
import { InputError, UnavailableError } from '@embedding-studio/errors';

/** The task's batch holds no sessions, so there is nothing to learn from. */
export class FineTuningWorkerNoSessionsError extends InputError {
  constructor(batchId: string) {
    super('FINE_TUNING_WORKER_NO_SESSIONS', `Batch ${batchId} has no sessions; collect sessions with clicks before starting a fine-tuning task.`, {
      details: { batchId },
    });
  }
}

/** The worker stopped (drain, shutdown) mid-task and handed the task back to pending. */
export class FineTuningWorkerInterruptedError extends UnavailableError {
  constructor(reason: string) {
    super('FINE_TUNING_WORKER_INTERRUPTED', `Interrupted: ${reason}`, { details: { reason } });
  }
}

export const FINE_TUNING_WORKER_ERROR_CODES = ['FINE_TUNING_WORKER_NO_SESSIONS', 'FINE_TUNING_WORKER_INTERRUPTED'] as const;
export type FineTuningWorkerErrorCode = (typeof FINE_TUNING_WORKER_ERROR_CODES)[number];
