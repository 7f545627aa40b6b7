import { createClickstreamService, type ClickstreamService } from '@embedding-studio/clickstream-core';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { createTestDatabasePair, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createQualityFolder, createQualityMetrics } from '@embedding-studio/search-quality';
import { createMongoQualityStore } from './mongo-quality-store.js';

const HOUR = 3600;
const now = Math.floor(Date.now() / 1000);
const hourStart = Math.floor(now / HOUR) * HOUR;
const shown = (ids: string[]) => ids.map((object_id, i) => ({ object_id, rank: i + 1, meta: null }));

describe('mongo quality store (real MongoDB-protocol server)', () => {
  let pair: TestDatabasePair;
  let clickstream: ClickstreamService;
  beforeEach(async () => {
    pair = await createTestDatabasePair('search_quality_mongo');
    clickstream = createClickstreamService({ store: await createMongoClickstreamStore({ connection: pair.db.connection }) });
  });
  afterEach(async () => {
    await pair.close();
  });

  it('reads the searches of one collection and hour with their clicks, appended pages and flags', async () => {
    const store = await createMongoQualityStore({ connection: pair.db.connection, readChunk: 2 });
    const meta = (version: number, latency: number) => ({ collection: 'docs', profile_version: version, latency_ms: latency });
    await clickstream.registerSession({ session_id: 's1', search_query: 'q', search_results: shown(['a', 'b', 'c']), search_meta: meta(1, 12.5) });
    await clickstream.registerSession({ session_id: 's2', search_query: 'q', search_results: shown(['a', 'b']), search_meta: meta(2, 7) });
    await clickstream.registerSession({ session_id: 's3', search_query: 'q', search_results: shown(['x']), search_meta: { collection: 'docs' } });
    await clickstream.registerSession({ session_id: 'other', search_query: 'q', search_results: shown(['a']), search_meta: { collection: 'elsewhere', profile_version: 1 } });
    await clickstream.addEvents({ session_id: 's1', events: [{ event_id: 'e1', object_id: 'c' }, { event_id: 'e2', object_id: 'a', event_type: 'view' }] });
    await clickstream.appendResults({ session_id: 's2', search_results: [{ object_id: 'z', meta: null }] });
    await clickstream.addEvents({ session_id: 's2', events: [{ event_id: 'e1', object_id: 'z' }] });
    await clickstream.markIrrelevant({ session_id: 's3' });

    const got = (await store.source.searches('docs', hourStart - HOUR, hourStart + 2 * HOUR)).sort((a, b) => a.session_id.localeCompare(b.session_id));
    expect(got.map((r) => [r.session_id, r.version, r.latency_ms, r.shown, r.clicks.map((c) => c.object_id), r.load_more, r.irrelevant])).toEqual([
      ['s1', 1, 12.5, ['a', 'b', 'c'], ['c'], false, false],
      ['s2', 2, 7, ['a', 'b', 'z'], ['z'], true, false],
      ['s3', null, null, ['x'], [], false, true],
    ]);
    expect(await store.source.searches('docs', hourStart + 2 * HOUR, hourStart + 3 * HOUR)).toEqual([]);
  });

  it('folds marked hours into rollups that a read answers, and a refold replaces them', async () => {
    const store = await createMongoQualityStore({ connection: pair.db.connection });
    for (let i = 0; i < 6; i++) {
      await clickstream.registerSession({ session_id: `s${i}`, search_query: 'q', search_results: shown(['a', 'b', 'c']), search_meta: { collection: 'docs', profile_version: 1, latency_ms: 10 + i } });
    }
    await clickstream.addEvents({ session_id: 's0', events: [{ event_id: 'e', object_id: 'b' }] });
    await store.marks.mark([{ collection: 'docs', hour: hourStart }]);
    await store.marks.mark([{ collection: 'docs', hour: hourStart }]); // already dirty: no error
    const folder = createQualityFolder({ ...store, owner: 'one' });
    expect(await folder.runOnce()).toEqual({ ran: true, hours: 1, rollups: 1 });
    const metrics = createQualityMetrics({ rollups: store.rollups, deployments: async () => [] });
    const read = async () => (await metrics.read({ collection: 'docs', by: 'version' })).series[0]?.totals;
    expect(await read()).toMatchObject({ searches: 6, sessions_with_click: 1, mrr: 0.5 / 6, clicks_at: { '1': 0, '3': 1 } });

    await clickstream.addEvents({ session_id: 's1', events: [{ event_id: 'e', object_id: 'a' }] });
    await store.marks.mark([{ collection: 'docs', hour: hourStart }]);
    await folder.runOnce();
    expect(await read()).toMatchObject({ searches: 6, sessions_with_click: 2, mrr: 1.5 / 6 });
  });

  it('lets one process hold the fold lease, and another take it once it expired', async () => {
    let clock = 1_000_000;
    const here = await createMongoQualityStore({ connection: pair.db.connection, clock: { now: () => clock } });
    const there = await createMongoQualityStore({ connection: pair.second.connection, clock: { now: () => clock } });
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? here : there).lease.acquire(`p${i}`, 10_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = `p${wins.indexOf(true)}`;
    expect(await here.lease.acquire('late', 10_000)).toBe(false);
    clock += 10_001;
    const takeovers = await Promise.all(['t1', 't2', 't3'].map((o, i) => (i % 2 ? here : there).lease.acquire(o, 10_000)));
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    await here.lease.release(winner); // no longer its lease: changes nothing
    expect(await there.lease.acquire('late', 10_000)).toBe(false);
  });
});
