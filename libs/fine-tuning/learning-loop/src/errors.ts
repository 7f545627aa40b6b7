// Error catalogue of @embedding-studio/learning-loop (documented in the README).
import { InputError, InternalError, UnavailableError } from '@embedding-studio/errors';
import type { AppErrorOptions } from '@embedding-studio/errors';

/** An option of the loop is missing or out of range (a flag of the demo, a bad query plan). */
export class LearningLoopInvalidArgumentError extends InputError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('LEARNING_LOOP_INVALID_ARGUMENT', message, options);
  }
}

/** A held-out query (its id or its text) was about to be searched by a simulated user: the run is void. */
export class LearningLoopEvalLeakError extends InternalError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('LEARNING_LOOP_EVAL_LEAK', message, options);
  }
}

/** A step of the loop ended badly or did not finish in time (import, fine-tuning task, deploy). */
export class LearningLoopStepFailedError extends UnavailableError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('LEARNING_LOOP_STEP_FAILED', message, options);
  }
}
