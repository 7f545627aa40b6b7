import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { aSession, clickstreamStoreContract, createFixedClock } from '@embedding-studio/clickstream-core/testing';
import { createTestDatabasePair, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createMongoClickstreamStore } from './mongo-clickstream-store.js';

clickstreamStoreContract('mongo, two instances on separate connections', async () => {
  const pair = await createTestDatabasePair('clickstream_mongo');
  return {
    store: await createMongoClickstreamStore({ connection: pair.db.connection }),
    peer: await createMongoClickstreamStore({ connection: pair.second.connection }),
    cleanup: pair.close,
  };
});

describe('mongo clickstream store: cached sessions across instances', () => {
  let pair: TestDatabasePair;
  beforeEach(async () => {
    pair = await createTestDatabasePair('clickstream_mongo_cache');
  });
  afterEach(async () => {
    await pair.close();
  });

  it('accepts a click on a result another instance appended after this one cached the session', async () => {
    const clock = createFixedClock(1_700_000_100);
    const store = await createMongoClickstreamStore({ connection: pair.db.connection });
    const peer = await createMongoClickstreamStore({ connection: pair.second.connection });
    const here = createClickstreamService({ store, clock });
    const there = createClickstreamService({ store: peer, clock });
    const s = aSession({ created_at: 1_700_000_000 });
    await here.registerSession(s);
    await there.appendResults({ session_id: s.session_id, search_results: [{ object_id: 'page-2-doc' }] });

    // The registering instance still holds the 3-result copy; the click needs the fresh one.
    expect((await store.getSession(s.session_id, { eventsLimit: 0, cached: true }))?.search_results).toHaveLength(3);
    expect(await here.addEvents({ session_id: s.session_id, events: [{ event_id: 'e1', object_id: 'page-2-doc' }] })).toEqual({ inserted: 1, duplicates: 0 });
    await expect(here.addEvents({ session_id: s.session_id, events: [{ event_id: 'e2', object_id: 'never-shown' }] })).rejects.toMatchObject({
      code: 'CLICKSTREAM_UNKNOWN_OBJECT',
    });
    expect(await here.getBatch({})).toMatchObject({ session_count: 1, sessions_with_clicks: 1 });
  });
});
