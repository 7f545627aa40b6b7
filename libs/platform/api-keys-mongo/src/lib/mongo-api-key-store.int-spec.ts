import { apiKeyStoreContract } from '@embedding-studio/api-keys/testing';
import { createTestDatabase, type TestDatabase } from '@embedding-studio/mongo/testing';
import { createMongoApiKeyStore } from './mongo-api-key-store.js';

describe('MongoApiKeyStore (contract)', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.drop()));
  });
  apiKeyStoreContract(async () => {
    const db = await createTestDatabase('api_keys');
    dbs.push(db);
    return createMongoApiKeyStore({ connection: db.connection });
  });
});
