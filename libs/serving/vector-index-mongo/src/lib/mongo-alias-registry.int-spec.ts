// Runs the AliasRegistry contract on the MongoDB server in MONGO_URL (FerretDB from tools/services)
// with two registries on separate connections, plus crash and lag cases. Fails without the server.
import { aliasRegistryContract } from '@embedding-studio/vector-index/testing';
import { createTestDatabase, createTestDatabasePair, type TestDatabase, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createMongoAliasRegistry } from './mongo-alias-registry.js';
import { COLLECTIONS } from './schemas.js';

let pair: TestDatabasePair;
aliasRegistryContract('mongo, two instances on separate connections', async () => {
  pair = await createTestDatabasePair('vector_index_mongo');
  return createMongoAliasRegistry({ connection: pair.db.connection });
}, {
  makePeer: () => createMongoAliasRegistry({ connection: pair.second.connection }),
  cleanup: () => pair.close(),
});

describe('mongo alias registry: interrupted and lagging writes', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('vector_index_mongo_recovery');
  });
  afterEach(async () => {
    await db.drop();
  });
  const raw = (name: string) => db.connection.db!.collection<Record<string, unknown>>(name);

  it('resolves past a listing copy that a writer never updated (it died after its revision)', async () => {
    const registry = await createMongoAliasRegistry({ connection: db.connection });
    await registry.compareAndSet('papers', 'papers_v1', null);
    await raw(COLLECTIONS.revisions).insertOne({ _id: 'papers:2' as never, alias: 'papers', rev: 2, target: 'papers_v2', written_at: new Date() });
    expect(await registry.resolve('papers')).toBe('papers_v2');
    expect(await registry.list()).toEqual([{ alias: 'papers', collection: 'papers_v2' }]);
    await expect(registry.compareAndSet('papers', 'papers_v3', 'papers_v1')).rejects.toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT' });
    await registry.compareAndSet('papers', 'papers_v3', 'papers_v2');
    expect(await raw(COLLECTIONS.heads).findOne({ _id: 'papers' as never })).toMatchObject({ rev: 3, target: 'papers_v3' });
  });

  it('lists an alias whose first writer died before the listing copy showed it', async () => {
    const registry = await createMongoAliasRegistry({ connection: db.connection });
    await raw(COLLECTIONS.heads).insertOne({ _id: 'orphan' as never, rev: 0, target: null });
    await raw(COLLECTIONS.revisions).insertOne({ _id: 'orphan:1' as never, alias: 'orphan', rev: 1, target: 'orphan_v1', written_at: new Date() });
    expect(await registry.list()).toEqual([{ alias: 'orphan', collection: 'orphan_v1' }]);
  });

  it('keeps every switch of 5 writers × 4 sequential CAS chains consistent', async () => {
    const registries = await Promise.all(Array.from({ length: 5 }, () => createMongoAliasRegistry({ connection: db.connection })));
    await registries[0]!.compareAndSet('chain', 'c0', null);
    let wins = 0;
    await Promise.all(
      registries.map(async (r, w) => {
        for (let i = 0; i < 4; i++) {
          const current = (await r.resolve('chain'))!;
          try {
            await r.compareAndSet('chain', `c_${w}_${i}`, current);
            wins++;
          } catch (error) {
            expect(error).toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT' });
          }
        }
      }),
    );
    const revisions = await raw(COLLECTIONS.revisions).countDocuments({ alias: 'chain' });
    expect(revisions).toBe(wins + 1);
    const last = await raw(COLLECTIONS.revisions).findOne({ _id: `chain:${revisions}` as never });
    expect(await registries[3]!.resolve('chain')).toBe(last?.['target']);
  }, 60_000);
});
