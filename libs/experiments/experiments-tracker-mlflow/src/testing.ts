// Test helpers of @embedding-studio/experiments-tracker-mlflow: a store on a throw-away
// namespace of a real tracking server, and its clean-up.
export { createTestMlflowStores, deleteMlflowNamespace, requireTrackingUri } from './lib/testing/test-stores.js';
export type { TestMlflowStores } from './lib/testing/test-stores.js';
