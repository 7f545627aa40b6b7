// Error catalogue of the benchmark harness. Every code is listed in docs/benchmarks/README.md.
import { InputError, InternalError, NotFoundError, UnavailableError } from '@embedding-studio/errors';
import type { AppErrorOptions } from '@embedding-studio/errors';

/** A command-line flag is missing, malformed or out of range. */
export class BenchInvalidArgumentError extends InputError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_INVALID_ARGUMENT', message, options);
  }
}

/** The dataset directory (or one of its files) does not exist. */
export class BenchDatasetNotFoundError extends NotFoundError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_DATASET_NOT_FOUND', message, options);
  }
}

/** A dataset file exists but is not valid BEIR (bad JSON line, bad qrels row, unknown ids). */
export class BenchDatasetInvalidError extends InputError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_DATASET_INVALID', message, options);
  }
}

/** The committed query split does not match the dataset's queries. */
export class BenchSplitMismatchError extends InputError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_SPLIT_MISMATCH', message, options);
  }
}

/** An evaluation query (id or text) reached the click pool or the training data: the run is void. */
export class BenchEvalLeakError extends InternalError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_EVAL_LEAK', message, options);
  }
}

/** The embedding model could not be loaded (weights not fetched, runtime missing). */
export class BenchModelUnavailableError extends UnavailableError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_MODEL_UNAVAILABLE', message, options);
  }
}

/** A sanity check of the run failed (smoke mode, NaN metrics, a control that should be null). */
export class BenchSanityError extends InternalError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('BENCH_SANITY_FAILED', message, options);
  }
}

/** Every error code the harness throws, for the README sync test. */
export const BENCH_ERROR_CODES = [
  'BENCH_INVALID_ARGUMENT',
  'BENCH_DATASET_NOT_FOUND',
  'BENCH_DATASET_INVALID',
  'BENCH_SPLIT_MISMATCH',
  'BENCH_EVAL_LEAK',
  'BENCH_MODEL_UNAVAILABLE',
  'BENCH_SANITY_FAILED',
] as const;
