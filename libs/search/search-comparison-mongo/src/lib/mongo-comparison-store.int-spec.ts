// The Mongo comparison store against the shared contract, and the search log against sessions and
// events written by the real clickstream store, on FerretDB.
import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { createTestDatabase, createTestDatabasePair, type TestDatabase } from '@embedding-studio/mongo/testing';
import { comparisonStoreContract } from '@embedding-studio/search-comparison/testing';
import { createMongoComparisonStore, createMongoSearchLog } from './mongo-comparison-store.js';

comparisonStoreContract('mongo, two instances on separate connections', {
  async makePair() {
    const pair = await createTestDatabasePair('search_comparison');
    return {
      a: await createMongoComparisonStore({ connection: pair.db.connection }),
      b: await createMongoComparisonStore({ connection: pair.second.connection }),
      cleanup: pair.close,
    };
  },
});

describe('createMongoSearchLog', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('search_comparison_log');
  });
  afterAll(async () => {
    await db.close();
  });

  it('reads back the searches of a comparison and of a profile version with their clicks', async () => {
    const clickstream = createClickstreamService({ store: await createMongoClickstreamStore({ connection: db.connection }) });
    const results = [
      { object_id: 'b', rank: 2, meta: { text: 'two' } },
      { object_id: 'a', rank: 1, meta: null },
    ];
    const mark = { id: 'docs.1', method: 'interleaving', teams: ['control', 'candidate'] };
    const register = (id: string, meta: Record<string, unknown>) =>
      clickstream.registerSession({ session_id: id, search_query: `q ${id}`, search_results: results, search_meta: { collection: 'docs', profile_version: 1, ...meta }, user_id: null });
    await register('s1', { comparison: mark });
    await register('s2', { comparison: mark });
    await register('s3', { comparison: { ...mark, id: 'docs.2' } });
    await register('s4', {});
    await register('s5', { profile_version: 2 });
    await clickstream.registerSession({ session_id: 's6', search_query: 'other', search_results: results, search_meta: { collection: 'other', profile_version: 1 }, user_id: null });
    await clickstream.addEvents({ session_id: 's1', events: [{ event_id: 'e1', object_id: 'a' }, { event_id: 'e2', object_id: 'b' }, { event_id: 'e3', object_id: 'b', event_type: 'hover' }] });
    await clickstream.addEvents({ session_id: 's4', events: [{ event_id: 'e1', object_id: 'b' }] });

    const log = createMongoSearchLog({ connection: db.connection });
    const marked = (await log.comparisonSearches('docs', 'docs.1')).sort((x, y) => x.search_id.localeCompare(y.search_id));
    expect(marked.map((s) => s.search_id)).toEqual(['s1', 's2']);
    expect(marked[0]).toMatchObject({ query: 'q s1', results: [{ object_id: 'a', rank: 1 }, { object_id: 'b', rank: 2 }], search_meta: { comparison: mark } });
    expect([...(marked[0]?.clicks ?? [])].sort()).toEqual(['a', 'b']);
    expect(marked[1]?.clicks).toEqual([]);
    expect(await log.comparisonSearches('other', 'docs.1')).toEqual([]);

    const profile = await log.profileSearches('docs', 1, 10);
    expect(profile.map((s) => [s.search_id, s.clicks])).toEqual([['s4', ['b']]]);
    expect((await log.profileSearches('docs', 2, 10)).map((s) => s.search_id)).toEqual(['s5']);
  });
});
