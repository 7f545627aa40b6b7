import { clickstreamStoreContract } from '@embedding-studio/clickstream-core/testing';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createTestDatabase } from '@embedding-studio/mongo/testing';
import { createMongoClickstreamStore } from './mongo-clickstream-store.js';

clickstreamStoreContract('mongo, two instances on separate connections', async () => {
  const db = await createTestDatabase('clickstream_mongo');
  const second = await createMongoConnection({ url: process.env['MONGO_URL'] ?? '', dbName: db.dbName });
  const store = await createMongoClickstreamStore({ connection: db.connection });
  const peer = await createMongoClickstreamStore({ connection: second.connection });
  return {
    store,
    peer,
    cleanup: async () => {
      await second.close();
      await db.drop();
    },
  };
});
