// Public API of @embedding-studio/experiments-tracker-mlflow.
export { createMlflowExperimentsStore, flattenParams, latestPerStep, MLFLOW_PARAM_VALUE_LIMIT, MLFLOW_TAG_VALUE_LIMIT } from './lib/mlflow-experiments-store.js';
export type { MlflowExperimentsStoreOptions } from './lib/mlflow-experiments-store.js';
export type { MlflowClientOptions } from './lib/client.js';
export { createMlflowModelArtifacts } from './lib/mlflow-model-artifacts.js';
export type { MlflowModelArtifactsOptions } from './lib/mlflow-model-artifacts.js';
export type { NamespaceOptions as MlflowNamespaceOptions } from './lib/namespace.js';
export { MLFLOW_ERROR_CODES, MlflowInvalidOptionsError, MlflowRecordTooLargeError, MlflowRequestError, MlflowUnavailableError, isMlflowError } from './errors.js';
export type { MlflowErrorCode } from './errors.js';
