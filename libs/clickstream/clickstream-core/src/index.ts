// Public API of @embedding-studio/clickstream-core.
export type {
  BatchStatus,
  JsonObject,
  RegisteredSession,
  SearchResultItem,
  Session,
  SessionBatch,
  SessionEvent,
  SessionWithEvents,
} from './lib/model.js';
