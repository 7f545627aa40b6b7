// Error catalogue of @embedding-studio/fine-tuning-builder. Every code is stable public API and
// listed in the README "Errors" table (a unit test keeps the two in sync).
import {
  AppError,
  ConflictError,
  InputError,
  InternalError,
  ValidationError,
  ERROR_CATEGORIES,
  type ErrorCategory,
  type FieldIssue,
  type SerializedError,
} from '@embedding-studio/errors';

/** Every error code this package throws (or records on a failed trial). */
export const FINE_TUNING_ERROR_CODES = [
  'FINE_TUNING_INVALID_PLAN',
  'FINE_TUNING_INVALID_DATA',
  'FINE_TUNING_INVALID_OPTION',
  'FINE_TUNING_UNKNOWN_PARAMETER_GROUP',
  'FINE_TUNING_NON_FINITE_LOSS',
  'FINE_TUNING_CANCELLED',
  'FINE_TUNING_ALL_TRIALS_FAILED',
  'FINE_TUNING_WORKER_FAILED',
  'FINE_TUNING_ENCODER_FAILED',
] as const;

export type FineTuningErrorCode = (typeof FINE_TUNING_ERROR_CODES)[number];

/** A {@link TrainingPlan} (built, parsed from JSON, or after applying trial params) is invalid; `issues` names every field. */
export class FineTuningInvalidPlanError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('FINE_TUNING_INVALID_PLAN', issues);
  }
}

/** The training data (examples, vector or text tables) is inconsistent; `issues` names every field. */
export class FineTuningInvalidDataError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('FINE_TUNING_INVALID_DATA', issues);
  }
}

/** An option or dependency passed to `runTraining` / `runTrainingInWorker` is unusable. */
export class FineTuningInvalidOptionError extends InputError {
  constructor(field: string, problem: string) {
    super('FINE_TUNING_INVALID_OPTION', `${field} ${problem}`, { details: { field } });
  }
}

/** `frozen` names a parameter group the model does not have. */
export class FineTuningUnknownParameterGroupError extends InputError {
  constructor(unknown: readonly string[], known: readonly string[], modelKind: string) {
    super(
      'FINE_TUNING_UNKNOWN_PARAMETER_GROUP',
      `frozen: ${unknown.map((u) => JSON.stringify(u)).join(', ')} ${unknown.length === 1 ? 'is not a parameter group' : 'are not parameter groups'} ` +
        `of the ${modelKind} model; use some of ${known.map((k) => JSON.stringify(k)).join(', ')} (or none).`,
      { details: { field: 'frozen', unknown: [...unknown], known: [...known], modelKind } },
    );
  }
}

/**
 * The training loss became NaN or infinite (usually a learning rate that is too large). The
 * trial is recorded as failed; the search goes on with other parameters.
 */
export class FineTuningNonFiniteLossError extends InputError {
  constructor(value: number, step: number, learningRate: number) {
    super(
      'FINE_TUNING_NON_FINITE_LOSS',
      `The training loss became ${value} at step ${step} (learning rate ${learningRate}); lower optimizer.learningRate or the search space's learningRate range.`,
      { details: { value: String(value), step, learningRate } },
    );
  }
}

/** The `signal` passed to `runTraining` was aborted; `details.completedRuns` counts the trials that had finished. */
export class FineTuningCancelledError extends ConflictError {
  constructor(completedRuns: number, reason?: string) {
    super(
      'FINE_TUNING_CANCELLED',
      `Training was cancelled after ${completedRuns} completed run(s)${reason ? ` (${reason})` : ''}; start it again to retrain.`,
      { details: { completedRuns, ...(reason ? { reason } : {}) } },
    );
  }
}

/** One failed trial, as listed in {@link FineTuningAllTrialsFailedError} details. */
export interface FailedTrialSummary {
  index: number;
  params: Record<string, unknown>;
  error: SerializedError;
}

/** Every trial of the search failed, so there is no model to return; `details.trials` lists each error. */
export class FineTuningAllTrialsFailedError extends InternalError {
  constructor(trials: readonly FailedTrialSummary[], cause?: unknown) {
    const first = trials[0];
    super(
      'FINE_TUNING_ALL_TRIALS_FAILED',
      `All ${trials.length} training run(s) failed` +
        (first ? `; the first with ${first.error.code}: ${first.error.message}` : '') +
        '. Fix the cause above (or widen the search space) and run again.',
      { details: { trials: trials.map((t) => ({ ...t })) }, ...(cause === undefined ? {} : { cause }) },
    );
  }
}

/** The training worker thread crashed or exited without a result. */
export class FineTuningWorkerFailedError extends InternalError {
  constructor(reason: string, cause?: unknown) {
    super(
      'FINE_TUNING_WORKER_FAILED',
      `The training worker thread failed: ${reason}. Check the worker's memory limits and that @tensorflow/tfjs resolves in the worker.`,
      { details: { reason }, ...(cause === undefined ? {} : { cause }) },
    );
  }
}

/** The encoder that embeds a dataset returned vectors of the wrong shape or non-finite values. */
export class FineTuningEncoderFailedError extends InternalError {
  constructor(encoderId: string, problem: string) {
    super('FINE_TUNING_ENCODER_FAILED', `Encoder ${encoderId} returned unusable vectors: ${problem}; check the model files and the encoder implementation.`, {
      details: { encoder: encoderId },
    });
  }
}

/**
 * An error thrown inside the training worker, rebuilt in the calling thread with the same
 * `name`, `code`, `category`, `message` and `details`, so callers can test it with
 * `hasErrorCode(err, 'FINE_TUNING_INVALID_PLAN')` exactly as in-process.
 */
export class FineTuningRemoteError extends AppError {
  readonly category: ErrorCategory;

  constructor(serialized: SerializedError) {
    super(serialized.code, serialized.message, {
      details: serialized.details ?? {},
      ...(serialized.cause ? { cause: new FineTuningRemoteError(serialized.cause) } : {}),
    });
    this.category = ERROR_CATEGORIES.has(serialized.category) ? (serialized.category as ErrorCategory) : 'internal';
    this.name = serialized.name;
    if (serialized.stack) this.stack = serialized.stack;
  }
}
