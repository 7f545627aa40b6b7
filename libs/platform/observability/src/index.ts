// Public API of @embedding-studio/observability.
export { createLogger, noopLogger } from './lib/logger.js';
export type { CreateLoggerOptions, LogLevel, LogMeta, Logger } from './lib/logger.js';
