import { clickstreamStoreContract } from '@embedding-studio/clickstream-core/testing';
import { createTestDatabasePair } from '@embedding-studio/mongo/testing';
import { createMongoClickstreamStore } from './mongo-clickstream-store.js';

clickstreamStoreContract('mongo, two instances on separate connections', async () => {
  const pair = await createTestDatabasePair('clickstream_mongo');
  return {
    store: await createMongoClickstreamStore({ connection: pair.db.connection }),
    peer: await createMongoClickstreamStore({ connection: pair.second.connection }),
    cleanup: pair.close,
  };
});
