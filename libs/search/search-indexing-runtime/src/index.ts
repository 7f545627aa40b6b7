// Public API of @embedding-studio/search-indexing-runtime. Name every export; nothing else is importable.
export { createDualWriteWrapper, createIndexingApi, indexingSettingsFrom, openIndexingPlatform, startIndexingWorker } from './lib/platform.js';
export type {
  IndexingApi,
  IndexingApiOptions,
  IndexingEnvLike,
  IndexingPlatform,
  IndexingSettings,
  IndexingWorkerSettings,
  OpenIndexingPlatformOptions,
  SearchParts,
  StartIndexingWorkerOptions,
} from './lib/platform.js';
export { createClickstreamClickedQueries, createSearchImportTargets, createSearchReindexCatalog, createSearchReindexEncoders } from './lib/search-ports.js';
export type { SearchImportTargetsOptions } from './lib/search-ports.js';
export { DEFAULT_ENCODER_VARIANTS, createOnnxEncoderProvider } from './lib/encoders.js';
export type { EncoderVariant, OnnxEncoderProviderOptions } from './lib/encoders.js';
