// Test helpers of @embedding-studio/mongo.
export { createTestDatabase } from './lib/test-database.js';
export type { TestDatabase } from './lib/test-database.js';
