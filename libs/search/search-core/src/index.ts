// Public API of @embedding-studio/search-core. Name every export; nothing else is importable.

// model
export type {
  Deployment,
  DeploymentKind,
  DeploymentView,
  FilterableFieldType,
  JsonObject,
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
  EncoderProvider,
  QueryAdapter,
  QueryAdapterLoader,
  RecordedResult,
  RerankHit,
  SearchCatalogStore,
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
