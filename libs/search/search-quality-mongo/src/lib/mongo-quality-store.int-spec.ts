import { createTestDatabasePair, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createQualityFolder, createQualityMetrics, type QualityEntry } from '@embedding-studio/search-quality';
import { createMongoQualityStore } from './mongo-quality-store.js';

const HOUR = 3600;
const hourStart = Math.floor(Date.now() / 1000 / HOUR) * HOUR;
const entry = (id: string, over: Partial<QualityEntry> = {}, at = hourStart + 10): QualityEntry => ({
  session: { session_id: id, collection: 'docs', version: 1, created_at: at, latency_ms: 10, shown: ['a', 'b', 'c'], irrelevant: false },
  ...over,
});
const click = (id: string, object: string, eventId: string): QualityEntry => entry(id, { clicks: [{ event_id: eventId, object_id: object, created_at: hourStart + 20 }] });

describe('mongo quality store (real MongoDB-protocol server)', () => {
  let pair: TestDatabasePair;
  beforeEach(async () => {
    pair = await createTestDatabasePair('search_quality_mongo');
  });
  afterEach(async () => {
    await pair.close();
  });

  it('logs entries in order, removes merged ones, and keeps hour states by collection and hour', async () => {
    let now = 1_000_000;
    const store = await createMongoQualityStore({ connection: pair.db.connection, clock: { now: () => now } });
    await store.log.append([entry('s1'), click('s1', 'b', 'e1')]);
    now += 5;
    await store.log.append([entry('s2', { load_more: true })]);
    const read = await store.log.read(10);
    expect(read.map((e) => [e.session.session_id, e.clicks?.length, e.load_more])).toEqual([
      ['s1', 0, false],
      ['s1', 1, false],
      ['s2', 0, true],
    ]);
    expect(read[1]?.clicks).toEqual([{ event_id: 'e1', object_id: 'b', created_at: hourStart + 20 }]);
    await store.log.remove(read.slice(0, 2).map((e) => e.id));
    expect((await store.log.read(10)).map((e) => e.session.session_id)).toEqual(['s2']);

    expect(await store.states.get('docs', hourStart)).toBeNull();
    const sessions = [{ session_id: 's1', version: null, created_at: hourStart, latency_ms: null, shown: ['a'], clicks: [], load_more: false, irrelevant: true }];
    await store.states.put({ collection: 'docs', hour: hourStart, sessions });
    await store.states.put({ collection: 'docs', hour: hourStart, sessions: [...sessions, { ...sessions[0], session_id: 's2' }] as typeof sessions });
    expect((await store.states.get('docs', hourStart))?.sessions.map((s) => s.session_id)).toEqual(['s1', 's2']);
    expect(await store.states.get('docs', hourStart + HOUR)).toBeNull();
  });

  it('folds from two processes at once into exact rollups, and merges late clicks', async () => {
    const here = await createMongoQualityStore({ connection: pair.db.connection });
    const there = await createMongoQualityStore({ connection: pair.second.connection });
    await here.log.append(Array.from({ length: 6 }, (_, i) => entry(`s${i}`, { session: { ...entry(`s${i}`).session, latency_ms: 10 + i } })));
    await there.log.append([click('s0', 'b', 'e1'), click('s0', 'b', 'e1')]);
    const folders = ['h1', 't1', 'h2', 't2'].map((owner, i) => createQualityFolder({ ...(i % 2 ? there : here), owner }));
    const passes = await Promise.all(folders.map((f) => f.runOnce()));
    expect(passes.reduce((n, p) => n + p.entries, 0)).toBe(8);
    const metrics = createQualityMetrics({ rollups: there.rollups, deployments: async () => [] });
    const totals = async () => (await metrics.read({ collection: 'docs', by: 'version' })).series[0]?.totals;
    expect(await totals()).toMatchObject({ searches: 6, sessions_with_click: 1, mrr: 0.5 / 6, clicks_at: { '1': 0, '3': 1 }, mean_click_rank: 2 });

    await there.log.append([click('s1', 'a', 'e9')]);
    expect(await folders[0]?.runOnce()).toMatchObject({ ran: true, entries: 1, hours: 1, rollups: 1 });
    expect(await totals()).toMatchObject({ searches: 6, sessions_with_click: 2, mrr: 1.5 / 6 });
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
    await (wins.indexOf(true) % 2 ? here : there).lease.release(winner); // no longer its lease: changes nothing
    expect(await there.lease.acquire('late', 10_000)).toBe(false);
    const holder = ['t1', 't2', 't3'][takeovers.indexOf(true)] as string;
    await (takeovers.indexOf(true) % 2 ? here : there).lease.release(holder);
    expect(await here.lease.acquire('next', 10_000)).toBe(true);
  });
});
