import { experimentsStoreContract } from '@embedding-studio/experiments-tracker/testing';
import { createMongoConnection } from '@embedding-studio/mongo';
import { createTestDatabase } from '@embedding-studio/mongo/testing';
import { createMongoExperimentsStore } from './mongo-experiments-store.js';

experimentsStoreContract(
  'mongo, two instances on separate connections',
  async () => {
    const db = await createTestDatabase('experiments_tracker_mongo');
    const second = await createMongoConnection({ url: process.env['MONGO_URL'] ?? '', dbName: db.dbName });
    const store = await createMongoExperimentsStore({ connection: db.connection });
    const peer = await createMongoExperimentsStore({ connection: second.connection });
    return {
      store,
      peer,
      cleanup: async () => {
        await second.close();
        await db.drop();
      },
    };
  },
  { timeoutMs: 60_000 },
);
