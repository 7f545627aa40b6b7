// Public API of @embedding-studio/search-indexing-runtime. Name every export; nothing else is importable.
export { createIndexingApi, openIndexingPlatform, startIndexingWorker } from './lib/platform.js';
export type {
  IndexingApi,
  IndexingApiOptions,
  IndexingPlatform,
  IndexingSettings,
  IndexingWorkerSettings,
  OpenIndexingPlatformOptions,
  SearchParts,
  StartIndexingWorkerOptions,
} from './lib/platform.js';
export { createClickstreamClickedQueries, createSearchImportTargets, createSearchReindexCatalog, createSearchReindexEncoders } from './lib/search-ports.js';
export type { SearchImportTargetsOptions } from './lib/search-ports.js';
