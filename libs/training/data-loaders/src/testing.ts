// Test helpers of @embedding-studio/data-loaders: builders of clickstream sessions (no store
// needed) for tests of anything that consumes sessions.
export { aClick, aResult, aSession } from './lib/testing/builders.js';
export type { SessionSpec } from './lib/testing/builders.js';
