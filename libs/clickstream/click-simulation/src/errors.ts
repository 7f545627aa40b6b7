// Error catalogue of @embedding-studio/click-simulation (documented in the README).
import { InputError, NotFoundError } from '@embedding-studio/errors';
import type { AppErrorOptions } from '@embedding-studio/errors';

/** An argument of a simulation call is out of range (a rank no PBM examines, a bad budget). */
export class ClickSimulationInvalidArgumentError extends InputError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CLICK_SIMULATION_INVALID_ARGUMENT', message, options);
  }
}

/** A BEIR folder (or one of its files) does not exist. */
export class ClickSimulationDatasetNotFoundError extends NotFoundError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CLICK_SIMULATION_DATASET_NOT_FOUND', message, options);
  }
}

/** A BEIR file exists but is not valid (bad JSON line, bad qrels row, duplicate ids). */
export class ClickSimulationDatasetInvalidError extends InputError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CLICK_SIMULATION_DATASET_INVALID', message, options);
  }
}
