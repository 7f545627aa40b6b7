// Test helpers of @embedding-studio/mongo.
export { createTestDatabase, createTestDatabasePair } from './lib/test-database.js';
export type { TestDatabase, TestDatabasePair } from './lib/test-database.js';
