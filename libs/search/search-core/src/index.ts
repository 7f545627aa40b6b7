// Public API of @embedding-studio/search-core. Name every export; nothing else is importable.

// model
export type {
  Deployment,
  DeploymentKind,
  DeploymentView,
  FilterableFieldType,
  ProfileAdapter,
  ProfileRef,
  SearchCollection,
  SearchCollectionView,
  SearchItem,
  SearchProfile,
  SearchResponse,
  SearchResult,
} from './lib/model.js';

// ports
export type {
  DeployableModel,
  DeployableModelSource,
  EncodedBatch,
  EncoderProvider,
  QueryAdapter,
  QueryAdapterLoader,
  RecordedResult,
  RerankHit,
  SearchCatalogStore,
  SearchComparisonHook,
  SearchComparisonPlan,
  SearchEncoder,
  SearchReranker,
  SearchSessionRecord,
  SessionRecorder,
} from './lib/ports.js';

// services
export { DEFAULT_SEARCH_LIMITS } from './lib/services.js';
export type { CollectionService, DeploymentService, ItemService, SearchLimits, SearchService, SearchServices, SearchServicesOptions } from './lib/services.js';

// errors
export {
  SEARCH_ERROR_CODES,
  SearchCollectionExistsError,
  SearchCollectionNotFoundError,
  SearchItemNotFoundError,
  SearchModelNotDeployableError,
  SearchModelNotFoundError,
  SearchPayloadTooLargeError,
  SearchProfileConflictError,
  SearchProfileNotFoundError,
  SearchSessionNotFoundError,
  SearchUnavailableError,
  SearchUnknownEncoderError,
  SearchValidationError,
} from './errors.js';
export type { SearchErrorCode } from './errors.js';

// implementation
export {
  DEFAULT_ENCODER,
  DEFAULT_VECTOR_SLOT,
  createSearchServices,
  newTimeOrderedId,
  physicalCollectionName,
  physicalCollectionSpec,
} from './lib/search-services.js';
export { collectionNameProblem, itemText, parseItems, parseJsonl } from './lib/parse.js';
export { SEARCH_SCHEMAS } from './lib/schemas.js';
export { createArtifactQueryAdapterLoader, linearQueryAdapterFromArtifact } from './lib/query-adapter.js';
export type { ArtifactQueryAdapterLoaderOptions, ModelArtifactData } from './lib/query-adapter.js';
export { createMemoryCatalogStore } from './lib/memory-catalog-store.js';
export { CLICK_GATE_METRIC, DEFAULT_GENERAL_QUERIES, autoDeployRequest, createAutoDeployer, runDeployGate } from './lib/auto-deploy.js';
export type { AutoDeployOutcome, AutoDeployRequest, AutoDeployerOptions, FinishedTaskView, GateReport } from './lib/auto-deploy.js';
