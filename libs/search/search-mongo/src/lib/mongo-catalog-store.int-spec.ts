import { searchCatalogStoreContract } from '@embedding-studio/search-core/testing';
import { createTestDatabasePair } from '@embedding-studio/mongo/testing';
import { createMongoCatalogStore } from './mongo-catalog-store.js';

searchCatalogStoreContract('mongo, two instances on separate connections', async () => {
  const pair = await createTestDatabasePair('search_mongo');
  return {
    a: await createMongoCatalogStore({ connection: pair.db.connection }),
    b: await createMongoCatalogStore({ connection: pair.second.connection }),
    cleanup: pair.close,
  };
});
