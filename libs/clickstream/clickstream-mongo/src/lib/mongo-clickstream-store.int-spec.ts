import { clickstreamStoreContract } from '@embedding-studio/clickstream-core/testing';
import { createTestDatabase } from '@embedding-studio/mongo/testing';
import { createMongoClickstreamStore } from './mongo-clickstream-store.js';

clickstreamStoreContract('mongo', async () => {
  const db = await createTestDatabase('clickstream_mongo');
  const store = await createMongoClickstreamStore({ connection: db.connection });
  return { store, cleanup: () => db.drop() };
});
