import { createClickstreamService, createClickstreamUseCases } from '@embedding-studio/clickstream-core';
import { aResult, aSession, clickstreamStoreContract } from '@embedding-studio/clickstream-core/testing';
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

describe('mongo clickstream store: packed results', () => {
  let pair: TestDatabasePair;
  beforeEach(async () => {
    pair = await createTestDatabasePair('clickstream_mongo_packed');
  });
  afterEach(async () => {
    await pair.close();
  });

  it('stores a session’s results and appended pages as one JSON string each, and reads them back unchanged', async () => {
    const store = await createMongoClickstreamStore({ connection: pair.db.connection, sessionCacheSize: 0 });
    const meta = { ['__proto__']: { kept: true }, 'käse 🧀': [1, { deep: null }] };
    const s = aSession({ search_results: [aResult('a', 1, meta), aResult('b', 2)] });
    await store.registerSession(s);
    await store.appendResults(s.session_id, () => [aResult('c', 3, { page: 2 })]);

    const raw = await pair.db.connection.collection(CLICKSTREAM_COLLECTIONS.sessions).findOne({ _id: s.session_id as never });
    expect(typeof raw?.['results_json']).toBe('string');
    expect(raw).not.toHaveProperty('search_results');
    const page = await pair.db.connection.collection(CLICKSTREAM_COLLECTIONS.pages).findOne({ session_id: s.session_id });
    expect(typeof page?.['results_json']).toBe('string');

    const read = await store.getSession(s.session_id, { eventsLimit: 0 });
    expect(read?.search_results.map((r) => r.object_id)).toEqual(['a', 'b', 'c']);
    expect(Object.getOwnPropertyNames(read?.search_results[0]?.meta)).toEqual(['__proto__', 'käse 🧀']);
    expect(JSON.stringify(read?.search_results[0]?.meta)).toBe(JSON.stringify(meta));
  });

  it('reads sessions and pages that earlier versions stored with their results as arrays', async () => {
    const store = await createMongoClickstreamStore({ connection: pair.db.connection });
    const first = await store.registerSession(aSession());
    const legacy = aSession({ search_results: [aResult('old-1', 1, { text: 'x' })] });
    await pair.db.connection.collection(CLICKSTREAM_COLLECTIONS.sessions).insertOne({ ...legacy, _id: legacy.session_id as never, batch_id: first.session.batch_id, session_number: 2 });
    await pair.db.connection
      .collection(CLICKSTREAM_COLLECTIONS.pages)
      .insertOne({ _id: `legacy-page` as never, session_id: legacy.session_id, page: 1, results: [aResult('old-2', 2)] });

    const read = await store.getSession(legacy.session_id, { eventsLimit: 0 });
    expect(read?.search_results).toEqual([aResult('old-1', 1, { text: 'x' }), aResult('old-2', 2)]);
    const batch = await store.readBatchSessions(first.session.batch_id, { afterNumber: 0, limit: 10, eventsLimit: 0 });
    expect(batch.map((x) => x.search_results.length)).toEqual([3, 2]);
  });
});
