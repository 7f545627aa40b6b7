import { createClickstreamService, createClickstreamUseCases } from '@embedding-studio/clickstream-core';
import { aSession, clickstreamStoreContract } from '@embedding-studio/clickstream-core/testing';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { createTestDatabasePair, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createMongoClickstreamStore } from './mongo-clickstream-store.js';
import { COLLECTIONS as CLICKSTREAM_COLLECTIONS } from './schemas.js';

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
    const clock = createTestClock(1_700_000_100_000);
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

describe('mongo clickstream store: numbers nobody holds', () => {
  let pair: TestDatabasePair;
  beforeEach(async () => {
    pair = await createTestDatabasePair('clickstream_mongo_gaps');
  });
  afterEach(async () => {
    await pair.close();
  });

  it('a release voids a free number below the last one, so readers never wait and no late write joins the batch', async () => {
    const store = await createMongoClickstreamStore({ connection: pair.db.connection, releaseSettleMs: 100 });
    const first = await store.registerSession(aSession());
    // Number 3 written while number 2 was never written (a registration that failed or died).
    const sessions = pair.db.connection.collection(CLICKSTREAM_COLLECTIONS.sessions);
    const third = aSession();
    await sessions.insertOne({ ...third, _id: third.session_id as never, batch_id: first.session.batch_id, session_number: 3 });

    const started = Date.now();
    const released = await store.releaseBatch('r1', 1_700_000_100);
    expect(released).toMatchObject({ session_counter: 3 });
    expect(await store.getBatch(first.session.batch_id)).toMatchObject({ session_count: 2, session_counter: 3 });
    const read = await createClickstreamUseCases({ store }).readReleasedBatch(first.session.batch_id);
    expect(read.map((s) => s.session_number)).toEqual([1, 3]);
    expect(Date.now() - started).toBeLessThan(3000);

    // The void holds number 2: a registration that arrives late cannot take it.
    await expect(sessions.insertOne({ ...aSession(), _id: 'late' as never, batch_id: first.session.batch_id, session_number: 2 })).rejects.toMatchObject({ code: 11000 });
    const next = await store.registerSession(aSession());
    expect(next.session).toMatchObject({ session_number: 1 });
    expect(next.session.batch_id).not.toBe(first.session.batch_id);
  });
});
