import { createTestDatabase, createTestDatabasePair } from './test-database.js';

describe('test databases without MONGO_URL', () => {
  // Integration suites must go red, not silently skip, when their server is not configured.
  it('createTestDatabase fails and says how to provide a server', async () => {
    await expect(createTestDatabase('unit', {})).rejects.toThrow(/^MONGO_URL is not set: .*services:up/);
  });

  it('createTestDatabasePair fails the same way, also for an empty value', async () => {
    await expect(createTestDatabasePair('unit', {})).rejects.toThrow(/^MONGO_URL is not set/);
    await expect(createTestDatabasePair('unit', { MONGO_URL: '' })).rejects.toThrow(/^MONGO_URL is not set/);
  });
});
