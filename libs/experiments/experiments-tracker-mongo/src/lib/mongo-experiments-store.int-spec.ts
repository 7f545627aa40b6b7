import { experimentsStoreContract } from '@embedding-studio/experiments-tracker/testing';
import { createTestDatabasePair } from '@embedding-studio/mongo/testing';
import { createMongoExperimentsStore } from './mongo-experiments-store.js';

experimentsStoreContract(
  'mongo, two instances on separate connections',
  async () => {
    const pair = await createTestDatabasePair('experiments_tracker_mongo');
    return {
      store: await createMongoExperimentsStore({ connection: pair.db.connection }),
      peer: await createMongoExperimentsStore({ connection: pair.second.connection }),
      cleanup: pair.close,
    };
  },
  { timeoutMs: 60_000 },
);
