// Public API of @embedding-studio/clickstream-core.
export type {
  BatchStatus,
  RegisteredSession,
  SearchResultItem,
  Session,
  SessionBatch,
  SessionEvent,
  SessionWithEvents,
} from './lib/model.js';
export { DEFAULT_CLICKSTREAM_LIMITS } from './lib/limits.js';
export { CLICKSTREAM_SCHEMAS } from './lib/schemas.js';
export type { ClickstreamLimits } from './lib/limits.js';
export type { AddEventsResult, BatchSummary, ClickstreamStore, GetSessionOptions, ReadSessionsOptions, RegisterResult } from './lib/store.js';
export { createMemoryClickstreamStore } from './lib/memory-store.js';
export { createClickstreamService } from './lib/service.js';
export type { ClickstreamService, ClickstreamServiceOptions } from './lib/service.js';
export { createClickstreamUseCases } from './lib/use-cases.js';
export type {
  BatchSessionsPage,
  ClickstreamUseCases,
  ClickstreamUseCasesOptions,
  ItemOutcome,
  ReadBatchPageOptions,
  ReleaseView,
  SessionView,
} from './lib/use-cases.js';
export {
  parseAppendResults,
  parseBulkEvent,
  parseBulkItems,
  parseNewEvents,
  parseNewSession,
  parseSessionRef,
} from './lib/parse.js';
export type { AppendResultsInput, BulkEventInput, EventInput, NewEventsInput, NewSessionInput, ResultInput } from './lib/parse.js';
export {
  ClickstreamBatchNotFoundError,
  ClickstreamInvalidTimestampError,
  ClickstreamLimitExceededError,
  ClickstreamNothingToReleaseError,
  ClickstreamSessionConflictError,
  ClickstreamSessionNotFoundError,
  ClickstreamUnknownObjectError,
  ClickstreamValidationError,
} from './errors.js';
