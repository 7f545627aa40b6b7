// Test helpers of @embedding-studio/vector-index-weaviate: connection settings from the
// environment for integration tests (fail, never skip, when the server is missing).
export { weaviateTestConnectionFromEnv } from './lib/testing/test-env.js';
