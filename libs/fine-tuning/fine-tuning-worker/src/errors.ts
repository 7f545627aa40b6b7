// The error catalogue of @embedding-studio/fine-tuning-worker (listed in the README "Errors" table).
import { InputError } from '@embedding-studio/errors';

/** The task's batch holds no sessions, so there is nothing to learn from. */
export class FineTuningWorkerNoSessionsError extends InputError {
  constructor(batchId: string) {
    super('FINE_TUNING_WORKER_NO_SESSIONS', `Batch ${batchId} has no sessions; collect sessions with clicks before starting a fine-tuning task.`, {
      details: { batchId },
    });
  }
}

export const FINE_TUNING_WORKER_ERROR_CODES = ['FINE_TUNING_WORKER_NO_SESSIONS', 'FINE_TUNING_WORKER_INTERRUPTED'] as const;
export type FineTuningWorkerErrorCode = (typeof FINE_TUNING_WORKER_ERROR_CODES)[number];
