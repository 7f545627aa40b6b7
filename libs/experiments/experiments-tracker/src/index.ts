// Public API of @embedding-studio/experiments-tracker.
export { createExperimentsTracker, INITIAL_ITERATION_NAME, iterationName } from './lib/tracker.js';
export type {
  EnsureInitialModelResult,
  ExperimentsReader,
  ExperimentsTracker,
  ExperimentsTrackerOptions,
  FinishIterationResult,
  InitialModelSource,
  IterationSession,
  SaveModelResult,
  StartedRun,
  StartIterationOptions,
} from './lib/tracker.js';
export type {
  Iteration,
  IterationDetails,
  IterationStatus,
  MainMetric,
  MetricMode,
  MetricPoint,
  ModelArtifactRef,
  ModelRecord,
  ModelStatus,
  Page,
  Run,
  RunDetails,
  RunEndStatus,
  RunParams,
  RunStatus,
} from './lib/model.js';
export type { ExperimentsStore, IterationQuery, ModelQuery, RunUpdate, StoredMetricPoint } from './lib/ports/experiments-store.js';
export type { ModelArtifactSink } from './lib/ports/model-artifact-sink.js';
export { defaultExperimentIds, runNameOf } from './lib/ids.js';
export type { ExperimentIds } from './lib/ids.js';
export { createMemoryExperimentsStore } from './lib/memory-store.js';
export { selectIterations, selectModels, sortRuns } from './lib/select.js';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, parseIterationsQuery, parseModelsQuery } from './lib/validate.js';
export type { ListIterationsOptions, ListModelsOptions } from './lib/validate.js';
export {
  EXPERIMENTS_TRACKER_ERROR_CODES,
  ExperimentsTrackerConflictError,
  ExperimentsTrackerInvalidInputError,
  ExperimentsTrackerIterationClosedError,
  ExperimentsTrackerModelDeletedError,
  ExperimentsTrackerNoStartingModelError,
  ExperimentsTrackerNotFoundError,
  ExperimentsTrackerRunClosedError,
} from './errors.js';
export type { ExperimentsRecordKind, ExperimentsTrackerErrorCode } from './errors.js';
