import request from 'supertest';
import { createClickstreamService } from '@embedding-studio/clickstream-core';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { createMongoClickstreamStore } from '@embedding-studio/clickstream-mongo';
import { createTestDatabasePair, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createApp } from '../../src/app.js';
import { NOW, OPEN_ACCESS } from './setup.js';

// Each test below reproduces one finding of a hostile-client review against two API instances
// (separate connections, as two processes) over one database of the server in MONGO_URL.

type Http = ReturnType<typeof request>;

const session = (id: string, extra: Record<string, unknown> = {}) => ({
  session_id: id,
  search_query: 'blue shoes',
  search_results: [{ object_id: 'a' }, { object_id: 'b' }, { object_id: 'c' }],
  created_at: NOW,
  ...extra,
});

describe('clickstream write path: every 200 is kept, bad input is a 4xx that stores nothing', () => {
  let pair: TestDatabasePair;
  let one: Http;
  let two: Http;
  beforeAll(async () => {
    pair = await createTestDatabasePair('api_write_path');
    const clock = createTestClock(NOW * 1000);
    const app = async (connection: TestDatabasePair['db']['connection']) =>
      createApp({
        clickstream: createClickstreamService({ store: await createMongoClickstreamStore({ connection, clock }), clock }),
        access: OPEN_ACCESS,
      });
    one = request(await app(pair.db.connection));
    two = request(await app(pair.second.connection));
  });
  afterAll(() => pair.close());

  const batch = async () => (await one.get('/api/v1/clickstream/internal/batch').expect(200)).body as { session_counter: number; session_count: number; sessions_with_clicks: number };
  const read = async (id: string) => (await one.get('/api/v1/clickstream/session').query({ session_id: id }).expect(200)).body;
  const fields = (res: { body: { error: { details: { issues?: { field: string }[] } } } }) => (res.body.error.details.issues ?? []).map((i) => i.field);

  it('1: an empty search_query is a 422 that takes no number; the id then registers at once', async () => {
    const before = await one.post('/api/v1/clickstream/session').send(session('f1-before')).expect(200);
    void before;
    const res = await one.post('/api/v1/clickstream/session').send(session('f1', { search_query: '' })).expect(422);
    expect(fields(res)).toEqual(['search_query']);
    const started = Date.now();
    await one.post('/api/v1/clickstream/session').send(session('f1')).expect(200);
    expect(Date.now() - started).toBeLessThan(2000);
    const b = await batch();
    expect(b.session_count).toBe(b.session_counter);
  });

  it('2: concurrent result pages on one session are all kept, on either instance', async () => {
    await one.post('/api/v1/clickstream/session').send(session('f2')).expect(200);
    const pages = Array.from({ length: 20 }, (_, i) => i);
    const answers = await Promise.all(
      pages.map((i) => (i % 2 ? two : one).post('/api/v1/clickstream/session/results').send({ session_id: 'f2', search_results: [{ object_id: `p${i}` }] }).expect(200)),
    );
    expect(answers.every((a) => a.body.added === 1)).toBe(true);
    const stored = await read('f2');
    expect(stored.search_results).toHaveLength(23);
    expect(new Set(stored.search_results.map((r: { rank: number }) => r.rank)).size).toBe(23);
    // Clicks on every appended object are accepted.
    await one
      .post('/api/v1/clickstream/session/events')
      .send({ session_id: 'f2', events: pages.map((i) => ({ event_id: `e${i}`, object_id: `p${i}` })) })
      .expect(200);
  });

  it('3: is_irrelevant survives appends racing it', async () => {
    for (let trial = 0; trial < 6; trial++) {
      const id = `f3-${trial}`;
      await one.post('/api/v1/clickstream/session').send(session(id)).expect(200);
      await Promise.all([
        two.post('/api/v1/clickstream/session/results').send({ session_id: id, search_results: [{ object_id: 'x' }] }).expect(200),
        one.post('/api/v1/clickstream/session/irrelevant').send({ session_id: id }).expect(200),
        two.post('/api/v1/clickstream/session/results').send({ session_id: id, search_results: [{ object_id: 'y' }] }).expect(200),
      ]);
      const stored = await read(id);
      expect(stored.is_irrelevant).toBe(true);
      expect(stored.search_results).toHaveLength(5);
    }
  });

  it('5: meta the database cannot keep is a 422 naming the field; bad escapes and bodies are 400s', async () => {
    for (const [meta, field] of [
      [{ $where: 1 }, 'search_meta.$where'],
      [{ 'a.b': 1 }, 'search_meta.a.b'],
      [{ 'a\u0000b': 1 }, 'search_meta.a\u0000b'],
      [{ ok: { $gt: '' } }, 'search_meta.ok.$gt'],
    ] as const) {
      const res = await one.post('/api/v1/clickstream/session').send(session('f5', { search_meta: meta })).expect(422);
      expect(fields(res)).toEqual([field]);
    }
    for (const depth of [1000, 10_000]) {
      const deep = `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const body = `{"session_id":"f5","search_query":"q","search_results":[{"object_id":"a"}],"search_meta":${deep}}`;
      const res = await one.post('/api/v1/clickstream/session').set('content-type', 'application/json').send(body).expect(422);
      expect(res.body.error.details.issues[0].message).toContain('deeper than');
    }
    const gz = await one.post('/api/v1/clickstream/session').set('content-type', 'application/json').set('content-encoding', 'gzip').send(Buffer.from('not gzip at all')).expect(400);
    expect(gz.body.error.code).toBe('HTTP_BAD_REQUEST');
    await one.get('/api/v1/clickstream/session').query({ session_id: 'f5' }).expect(404);
  });

  it('6: an events request with one bad event stores none of them', async () => {
    await one.post('/api/v1/clickstream/session').send(session('f6')).expect(200);
    const before = (await batch()).sessions_with_clicks;
    await one
      .post('/api/v1/clickstream/session/events')
      .send({ session_id: 'f6', events: [{ event_id: 'good', object_id: 'a' }, { event_id: 'bad', object_id: 'b', meta: { $set: 1 } }] })
      .expect(422);
    expect((await read('f6')).events).toEqual([]);
    expect((await batch()).sessions_with_clicks).toBe(before);
  });

  it('7: strings are stored as received or refused: __proto__ keys kept, lone surrogates a 422', async () => {
    const meta = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}') as Record<string, unknown>;
    const body = JSON.stringify(session('f7', { search_meta: meta }));
    await one.post('/api/v1/clickstream/session').set('content-type', 'application/json').send(body).expect(200);
    await two.post('/api/v1/clickstream/session').set('content-type', 'application/json').send(body).expect(200);
    const stored = await one.get('/api/v1/clickstream/session').query({ session_id: 'f7' }).expect(200);
    expect(stored.text).toContain('"search_meta":{"__proto__":{"polluted":true},"constructor":"c"}');
    const lone = await one.post('/api/v1/clickstream/session').set('content-type', 'application/json').send('{"session_id":"f7\\ud800","search_query":"q","search_results":[{"object_id":"a"}]}').expect(422);
    expect(fields(lone)).toEqual(['session_id']);
    const inMeta = await one
      .post('/api/v1/clickstream/session')
      .set('content-type', 'application/json')
      .send('{"session_id":"f7b","search_query":"q","search_results":[{"object_id":"a","meta":{"t":"x\\udc00"}}]}')
      .expect(422);
    expect(fields(inMeta)).toEqual(['search_results.0.meta.t']);
  });

  it('8: a page showing an object twice keeps the session (first occurrence) and its clicks', async () => {
    const results = Array.from({ length: 10 }, (_, i) => ({ object_id: `o${i === 9 ? 2 : i}` }));
    await one.post('/api/v1/clickstream/session').send(session('f8', { search_results: results })).expect(200);
    await one.post('/api/v1/clickstream/session/events').send({ session_id: 'f8', events: [{ event_id: 'e1', object_id: 'o2' }] }).expect(200);
    const stored = await read('f8');
    expect(stored.search_results.map((r: { object_id: string }) => r.object_id)).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8']);
    expect(stored.events).toHaveLength(1);
  });

  it('bulk routes answer per item and store the accepted ones once', async () => {
    const items = [session('bulk-1'), session('bulk-2', { search_query: '' }), session('bulk-1'), session('bulk-3')];
    const res = await one.post('/api/v1/clickstream/sessions:bulk').send({ sessions: items }).expect(200);
    expect(res.body.items.map((i: { status: number }) => i.status)).toEqual([200, 422, 200, 200]);
    expect(res.body).toMatchObject({ accepted: 3, rejected: 1 });
    expect(res.body.items[1].error.code).toBe('CLICKSTREAM_VALIDATION');
    const ev = await two
      .post('/api/v1/clickstream/events:bulk')
      .send({
        events: [
          { session_id: 'bulk-1', event_id: 'e1', object_id: 'a' },
          { session_id: 'bulk-3', event_id: 'e1', object_id: 'zz' },
          { session_id: 'ghost', event_id: 'e1', object_id: 'a' },
          { session_id: 'bulk-3', event_id: 'e2', object_id: 'b' },
          { session_id: 'bulk-1', event_id: 'e1', object_id: 'a' },
        ],
      })
      .expect(200);
    expect(ev.body.items.map((i: { status: number }) => i.status)).toEqual([200, 400, 404, 200, 200]);
    expect((await read('bulk-1')).events.map((e: { event_id: string }) => e.event_id)).toEqual(['e1']);
    expect((await read('bulk-3')).events.map((e: { event_id: string }) => e.event_id)).toEqual(['e2']);
    await one.post('/api/v1/clickstream/events:bulk').send({ events: [] }).expect(422);
    await one.get('/api/v1/clickstream/session').query({ session_id: 'bulk-2' }).expect(404);
  });
});
