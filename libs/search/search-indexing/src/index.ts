// Public API of @embedding-studio/search-indexing. Name every export; nothing else is importable.

// model
export { MAX_REJECTS_KEPT } from './lib/model.js';
export type {
  ImportSource,
  ImportSpec,
  IndexingJob,
  IndexingJobKind,
  IndexingJobStatus,
  JobError,
  JobLease,
  PlannedUnit,
  RejectedLine,
  ReindexGateSpec,
  ReindexSpec,
  UnitProgress,
} from './lib/model.js';

// ports
export type { EmbeddedBatch, ImportedItem, ImportTarget, ItemEncoder, JobRecord, JobScheduler, JobStore, JsonlSource, ProgressStore } from './lib/ports.js';

// validation
export { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, MAX_ITEM_ID_LENGTH, parseImportRequest, parseItemLine } from './lib/parse.js';
export type { ParsedLine } from './lib/parse.js';
export { INDEXING_SCHEMAS } from './lib/schemas.js';

// sources
export { splitLines } from './lib/lines.js';
export type { SourceLine } from './lib/lines.js';
export { openLocalJsonlSource } from './lib/local-source.js';
export type { LocalJsonlSourceOptions } from './lib/local-source.js';

// the import pipeline, jobs and their runner
export { forEachBounded, runImport } from './lib/pipeline.js';
export type { ImportSummary, RunImportOptions } from './lib/pipeline.js';
export { createIndexingJobService } from './lib/service.js';
export type { IndexingJobService, IndexingJobServiceOptions } from './lib/service.js';
export { createIndexingRunner } from './lib/runner.js';
export type { IndexingRunContext, IndexingRunner, IndexingRunnerOptions, IndexingRunOutcome } from './lib/runner.js';
export { toJobView } from './lib/view.js';
export type { IndexingJobView, JobProgressView, UnitProgressView } from './lib/view.js';
export { createMemoryJobStore, createMemoryProgressStore } from './lib/memory-stores.js';

// blue/green reindex
export { DEFAULT_GATE, parseReindexRequest, runReindex } from './lib/reindex.js';
export type { GateResult, ReindexDeps } from './lib/reindex.js';
export type { BuildRecord, BuildRegistry, ClickedQueries, LiveProfile, ReindexCatalog, ReindexEncoders } from './lib/reindex-ports.js';
export { createDualWriteIndex } from './lib/dual-write.js';
export type { DualWriteOptions } from './lib/dual-write.js';
export { createMemoryBuildRegistry } from './lib/memory-builds.js';

// errors
export {
  IndexingContentionError,
  IndexingDuplicateIdError,
  IndexingGateFailedError,
  IndexingLiveChangedError,
  IndexingReindexRefusedError,
  IndexingJobNotFoundError,
  IndexingLeaseLostError,
  IndexingSourceEmptyError,
  IndexingSourceReadError,
  IndexingSourceRefusedError,
  IndexingValidationError,
  SEARCH_INDEXING_ERROR_CODES,
} from './errors.js';
export type { SearchIndexingErrorCode } from './errors.js';
