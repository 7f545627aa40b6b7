import { createTestClock } from '@embedding-studio/primitives/testing';
import { createMemoryClickstreamStore } from './memory-store.js';
import { parseNewSession } from './parse.js';
import { DEFAULT_CLICKSTREAM_LIMITS } from './limits.js';
import { createClickstreamService } from './service.js';
import { createClickstreamUseCases } from './use-cases.js';
import type { NewSessionInput } from './parse.js';

const NOW = 1_800_000_000;

function setup() {
  const clock = createTestClock(NOW * 1000);
  const store = createMemoryClickstreamStore({ clock });
  return { clock, store, cases: createClickstreamUseCases({ store, clock }) };
}

const input = (id: string, extra: Partial<NewSessionInput> = {}): NewSessionInput => ({
  session_id: id,
  search_query: 'red shoes',
  search_results: [
    { object_id: 'a', rank: null, meta: null },
    { object_id: 'b', rank: null, meta: null },
  ],
  search_meta: null,
  user_id: null,
  created_at: null,
  is_irrelevant: false,
  ...extra,
});

describe('clickstream use cases', () => {
  it('records a session at the clock time with ranks from positions; identical re-posts pass, others conflict', async () => {
    const { cases } = setup();
    const first = await cases.recordSession(input('s1'));
    expect(first).toMatchObject({ created: true, session: { created_at: NOW, session_number: 1 } });
    expect(first.session.search_results.map((r) => r.rank)).toEqual([1, 2]);
    expect(await cases.recordSession(input('s1'))).toMatchObject({ created: false });
    await expect(cases.recordSession(input('s1', { search_query: 'blue' }))).rejects.toMatchObject({ code: 'CLICKSTREAM_SESSION_CONFLICT', details: { fields: ['search_query'] } });
  });

  it('keeps the first occurrence of a repeated object, with the rank of its position', async () => {
    const { cases } = setup();
    const parsed = parseNewSession(
      { session_id: 's', search_query: 'q', search_results: [{ object_id: 'x', meta: { n: 1 } }, { object_id: 'x', meta: { n: 2 } }, { object_id: 'y' }] },
      DEFAULT_CLICKSTREAM_LIMITS,
    );
    const { session } = await cases.recordSession(parsed);
    expect(session.search_results).toEqual([
      { object_id: 'x', rank: 1, meta: { n: 1 } },
      { object_id: 'y', rank: 3, meta: null },
    ]);
  });

  it('refuses timestamps outside the window, and events before their session', async () => {
    const { cases, clock } = setup();
    await expect(cases.recordSession(input('old', { created_at: NOW - 43_201 }))).rejects.toMatchObject({ code: 'CLICKSTREAM_INVALID_TIMESTAMP' });
    await cases.recordSession(input('s', { created_at: NOW }));
    clock.advance(60_000);
    await expect(cases.recordEvents('s', [{ event_id: 'e', object_id: 'a', event_type: 'click', created_at: NOW - 400, meta: null }])).rejects.toMatchObject({
      code: 'CLICKSTREAM_INVALID_TIMESTAMP',
      details: { field: 'events.0.created_at' },
    });
  });

  it('checks every event before writing any', async () => {
    const { cases } = setup();
    await cases.recordSession(input('s'));
    const events = [
      { event_id: 'ok', object_id: 'a', event_type: 'click', created_at: null, meta: null },
      { event_id: 'bad', object_id: 'never-shown', event_type: 'click', created_at: null, meta: null },
    ];
    await expect(cases.recordEvents('s', events)).rejects.toMatchObject({ code: 'CLICKSTREAM_UNKNOWN_OBJECT', details: { object_ids: ['never-shown'] } });
    expect((await cases.readSession('s')).events).toEqual([]);
    await expect(cases.recordEvents('ghost', events.slice(0, 1))).rejects.toMatchObject({ code: 'CLICKSTREAM_SESSION_NOT_FOUND' });
  });

  it('appends pages after the highest rank, skipping objects already shown, within the size limit', async () => {
    const { store, clock } = setup();
    const cases = createClickstreamUseCases({ store, clock, limits: { maxResultsPerSession: 4 } });
    await cases.recordSession(input('s'));
    expect(await cases.appendResults('s', [{ object_id: 'b', rank: null, meta: null }, { object_id: 'c', rank: null, meta: null }])).toEqual({ added: 1, total: 3 });
    expect((await cases.readSession('s')).search_results.map((r) => [r.object_id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    await expect(cases.appendResults('s', [{ object_id: 'd', rank: null, meta: null }, { object_id: 'e', rank: null, meta: null }])).rejects.toMatchObject({
      code: 'CLICKSTREAM_LIMIT_EXCEEDED',
    });
    await expect(cases.appendResults('ghost', [{ object_id: 'd', rank: null, meta: null }])).rejects.toMatchObject({ code: 'CLICKSTREAM_SESSION_NOT_FOUND' });
  });

  it('answers bulk events one by one and writes the accepted ones', async () => {
    const { cases } = setup();
    await cases.recordSession(input('s'));
    const event = (session_id: string, event_id: string, object_id: string) => ({ session_id, event_id, object_id, event_type: 'click', created_at: null, meta: null });
    const outcomes = await cases.recordEventsBulk([event('s', 'e1', 'a'), event('s', 'e2', 'zz'), event('ghost', 'e1', 'a'), event('s', 'e3', 'b')]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ok', 'CLICKSTREAM_UNKNOWN_OBJECT', 'CLICKSTREAM_SESSION_NOT_FOUND', 'ok']);
    expect((await cases.readSession('s')).events.map((e) => e.event_id)).toEqual(['e1', 'e3']);
  });

  it('releases by key, idempotently, and reads the released batch; nothing to release is a 404', async () => {
    const { cases, clock } = setup();
    await cases.recordSession(input('s1'));
    await cases.recordSession(input('s2'));
    const release = await cases.releaseBatch('r1');
    expect(release).toMatchObject({ release_id: 'r1', released_at: NOW });
    clock.advance(10_000);
    expect(await cases.releaseBatch('r1')).toEqual(release);
    expect((await cases.readReleasedBatch(release.batch_id, { pageSize: 1 })).map((s) => s.session_id)).toEqual(['s1', 's2']);
    await expect(cases.releaseBatch('r2')).rejects.toMatchObject({ code: 'CLICKSTREAM_NOTHING_TO_RELEASE' });
    await expect(cases.getBatch(null)).rejects.toMatchObject({ code: 'CLICKSTREAM_BATCH_NOT_FOUND' });
  });

  it('the parse layer refuses what storage would alter, naming the field', async () => {
    const service = createClickstreamService({ store: createMemoryClickstreamStore(), clock: createTestClock(NOW * 1000) });
    const body = (extra: Record<string, unknown>) => ({ session_id: 's', search_query: 'q', search_results: [{ object_id: 'a' }], ...extra });
    const fieldsOf = async (b: unknown) => {
      try {
        await service.registerSession(b);
        return [];
      } catch (error) {
        return (error as { issues: { field: string }[] }).issues.map((i) => i.field);
      }
    };
    expect(await fieldsOf(body({ search_query: ' ' }))).toEqual(['search_query']);
    expect(await fieldsOf(body({ search_meta: { a: { $ne: 1 } } }))).toEqual(['search_meta.a.$ne']);
    expect(await fieldsOf(body({ search_meta: { '': 1 } }))).toEqual(['search_meta.']);
    expect(await fieldsOf(body({ session_id: 'x\ud800' }))).toEqual(['session_id']);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) deep = { x: deep };
    expect(await fieldsOf(body({ search_meta: deep }))).toEqual(['search_meta' + '.x'.repeat(32)]);
    expect(await fieldsOf(body({ search_meta: JSON.parse('{"__proto__": {"k": 1}}') }))).toEqual([]);
  });
});
