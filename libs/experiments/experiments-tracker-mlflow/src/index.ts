// Public API of @embedding-studio/experiments-tracker-mlflow.
export { createMlflowExperimentsStore, flattenParams, latestPerStep, MLFLOW_PARAM_VALUE_LIMIT, MLFLOW_TAG_VALUE_LIMIT } from './lib/mlflow-experiments-store.js';
export type { MlflowExperimentsStoreOptions } from './lib/mlflow-experiments-store.js';
export type { MlflowClientOptions } from './lib/client.js';
export { MLFLOW_ERROR_CODES, MlflowInvalidOptionsError, MlflowRecordTooLargeError, MlflowRequestError, MlflowUnavailableError, isMlflowError } from './errors.js';
export type { MlflowErrorCode } from './errors.js';
