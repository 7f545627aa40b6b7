// Test helpers of @embedding-studio/observability.
export { createMemoryLogger } from './lib/memory-logger.js';
export type { LogRecord } from './lib/memory-logger.js';
