import type { SessionBatch } from '../model.js';
import type { ClickstreamStore } from '../store.js';
import { aClick, aSession } from './builders.js';

export interface StoreFixture {
  store: ClickstreamStore;
  /**
   * A second instance over the same data (another process, in production), when the adapter can
   * make one. The concurrency test then spreads its calls over both.
   */
  peer?: ClickstreamStore;
  /** Drops what the fixture created. */
  cleanup(): Promise<void>;
}

/**
 * The behaviour every {@link ClickstreamStore} must show. Run it from an adapter's tests:
 * `clickstreamStoreContract('mongo', () => makeFixture())`. Each test gets a fresh store.
 */
export function clickstreamStoreContract(name: string, makeFixture: () => Promise<StoreFixture>, options: { concurrency?: number } = {}): void {
  describe(`ClickstreamStore contract: ${name}`, () => {
    let fx: StoreFixture;
    beforeEach(async () => {
      fx = await makeFixture();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('registers a session into a collecting batch with number 1, and reads it back', async () => {
      const s = aSession({ search_meta: { page: 1 }, user_id: 'u1' });
      const { session, created } = await fx.store.registerSession(s);
      expect(created).toBe(true);
      expect(session.session_number).toBe(1);
      expect(session.batch_id).toEqual(expect.any(String));
      const read = await fx.store.getSession(s.session_id, { eventsLimit: 100 });
      expect(read).toEqual({ ...s, batch_id: session.batch_id, session_number: 1, events: [] });
      expect(await fx.store.getSession('missing', { eventsLimit: 10 })).toBeNull();
    });

    it('returns the stored session unchanged for a duplicate id and spends no number', async () => {
      const s = aSession();
      await fx.store.registerSession(s);
      const again = await fx.store.registerSession({ ...s, search_query: 'other' });
      expect(again.created).toBe(false);
      expect(again.session.search_query).toBe(s.search_query);
      const third = await fx.store.registerSession(aSession());
      expect(third.session.session_number).toBe(2);
    });

    it('release is idempotent by release id and the next session opens a new batch', async () => {
      const first = await fx.store.registerSession(aSession());
      await fx.store.registerSession(aSession());
      const r1 = await fx.store.releaseBatch('rel-1', 1_700_000_100);
      expect(r1).toMatchObject({ batch_id: first.session.batch_id, status: 'released', release_id: 'rel-1', released_at: 1_700_000_100, session_counter: 2 });
      expect(await fx.store.releaseBatch('rel-1', 1_700_000_200)).toMatchObject({ batch_id: first.session.batch_id, released_at: 1_700_000_100 });
      expect(await fx.store.releaseBatch('rel-2', 1_700_000_200)).toBeNull();
      expect(await fx.store.getBatch(null)).toBeNull();
      const next = await fx.store.registerSession(aSession());
      expect(next.session.batch_id).not.toBe(first.session.batch_id);
      expect(next.session.session_number).toBe(1);
      expect(await fx.store.getBatch(null)).toMatchObject({ batch_id: next.session.batch_id, status: 'collecting', session_count: 1 });
    });

    it('stores events once per (session_id, event_id) and reads them oldest first', async () => {
      const s = aSession();
      await fx.store.registerSession(s);
      const obj = s.search_results[0]!.object_id;
      const late = aClick(s.session_id, obj, { event_id: 'e2', created_at: 1_700_000_050 });
      const early = aClick(s.session_id, obj, { event_id: 'e1', created_at: 1_700_000_020 });
      expect(await fx.store.addEvents([late, early])).toEqual({ inserted: 2, duplicates: 0 });
      expect(await fx.store.addEvents([early, aClick(s.session_id, obj, { event_id: 'e3' })])).toEqual({ inserted: 1, duplicates: 1 });
      const read = await fx.store.getSession(s.session_id, { eventsLimit: 2 });
      expect(read?.events.map((e) => e.event_id)).toEqual(['e3', 'e1']);
    });

    it('keeps events apart whose ids only differ in where a separator falls', async () => {
      const left = aSession({ session_id: 'shop:eu' });
      const right = aSession({ session_id: 'shop' });
      await fx.store.registerSession(left);
      await fx.store.registerSession(right);
      const a = aClick('shop:eu', left.search_results[0]!.object_id, { event_id: 'e1' });
      const b = aClick('shop', right.search_results[0]!.object_id, { event_id: 'eu:e1' });
      expect(await fx.store.addEvents([a, b])).toEqual({ inserted: 2, duplicates: 0 });
      expect((await fx.store.getSession('shop:eu', { eventsLimit: 10 }))?.events).toEqual([a]);
      expect((await fx.store.getSession('shop', { eventsLimit: 10 }))?.events).toEqual([b]);
    });

    it('serves a cached read that reflects this instance\'s own writes', async () => {
      const s = aSession();
      await fx.store.registerSession(s);
      expect(await fx.store.getSession(s.session_id, { eventsLimit: 0, cached: true })).toEqual(await fx.store.getSession(s.session_id, { eventsLimit: 0 }));
      await fx.store.appendResults(s.session_id, (now) => [{ object_id: 'page-2', rank: now.length + 1, meta: null }]);
      await fx.store.markIrrelevant(s.session_id);
      const cached = await fx.store.getSession(s.session_id, { eventsLimit: 0, cached: true });
      expect(cached?.search_results.map((r) => r.object_id)).toEqual([...s.search_results.map((r) => r.object_id), 'page-2']);
      expect(cached?.is_irrelevant).toBe(true);
      expect(await fx.store.getSession('missing', { eventsLimit: 0, cached: true })).toBeNull();
    });

    it('summarises a batch with and without clicks', async () => {
      const a = aSession();
      const b = aSession();
      const { session } = await fx.store.registerSession(a);
      await fx.store.registerSession(b);
      await fx.store.addEvents([aClick(a.session_id, a.search_results[1]!.object_id)]);
      await fx.store.addEvents([aClick(b.session_id, b.search_results[1]!.object_id, { event_type: 'view' })]);
      expect(await fx.store.getBatch(session.batch_id)).toMatchObject({
        batch_id: session.batch_id,
        status: 'collecting',
        session_count: 2,
        sessions_with_clicks: 1,
        sessions_without_clicks: 1,
      });
      expect(await fx.store.getBatch('000000000000000000000000')).toBeNull();
    });

    it('pages through a batch by session number with events attached', async () => {
      const ids: string[] = [];
      let batchId = '';
      for (let i = 0; i < 5; i++) {
        const s = aSession();
        ids.push(s.session_id);
        batchId = (await fx.store.registerSession(s)).session.batch_id;
        await fx.store.addEvents([aClick(s.session_id, s.search_results[0]!.object_id), aClick(s.session_id, s.search_results[1]!.object_id)]);
      }
      const page1 = await fx.store.readBatchSessions(batchId, { afterNumber: 0, limit: 2, eventsLimit: 1 });
      expect(page1.map((s) => s.session_number)).toEqual([1, 2]);
      expect(page1.map((s) => s.session_id)).toEqual(ids.slice(0, 2));
      expect(page1.every((s) => s.events.length === 1)).toBe(true);
      const page3 = await fx.store.readBatchSessions(batchId, { afterNumber: 4, limit: 2, eventsLimit: 10 });
      expect(page3.map((s) => s.session_number)).toEqual([5]);
      expect(page3[0]?.events).toHaveLength(2);
      expect(await fx.store.readBatchSessions('unknown-batch', { afterNumber: 0, limit: 10, eventsLimit: 10 })).toEqual([]);
    });

    it('marks sessions irrelevant and appends results', async () => {
      const s = aSession();
      await fx.store.registerSession(s);
      expect(await fx.store.markIrrelevant(s.session_id)).toBe(true);
      expect(await fx.store.markIrrelevant('missing')).toBe(false);
      const updated = await fx.store.appendResults(s.session_id, (now) => [{ object_id: 'extra', rank: now.length + 1, meta: { page: 2 } }]);
      expect(updated?.search_results.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
      expect(await fx.store.appendResults('missing', () => [])).toBeNull();
      expect((await fx.store.getSession(s.session_id, { eventsLimit: 0 }))?.is_irrelevant).toBe(true);
    });

    it('keeps batching consistent under concurrent registrations and releases', async () => {
      const n = options.concurrency ?? 200;
      const releases = Math.max(1, Math.round(n / 10));
      const sessions = Array.from({ length: n }, () => aSession());
      const ops: Promise<unknown>[] = [];
      const releaseResults: Promise<SessionBatch | null>[] = [];
      sessions.forEach((s, i) => {
        const via = i % 2 === 1 && fx.peer ? fx.peer : fx.store;
        const registered = via.registerSession(s);
        ops.push(registered);
        if (i % Math.floor(n / releases) === 0) {
          // Starts once session i is stored, while the registrations after it are in flight.
          const r = registered.then(() => via.releaseBatch(`release-${i}`, 1_700_000_000 + i));
          ops.push(r);
          releaseResults.push(r);
        }
      });
      await Promise.all(ops);
      // Repeating a release id that released a batch returns that batch again.
      const released = (await Promise.all(releaseResults)).filter((b): b is SessionBatch => b !== null);
      expect(released.length).toBeGreaterThan(0);
      const again = await Promise.all(released.map((b) => fx.store.releaseBatch(b.release_id!, 1)));
      expect(again).toEqual(released);

      const stored = await Promise.all(sessions.map((s) => fx.store.getSession(s.session_id, { eventsLimit: 0 })));
      expect(stored.every((s) => s !== null)).toBe(true);
      const byBatch = new Map<string, number[]>();
      for (const s of stored) {
        const list = byBatch.get(s!.batch_id) ?? [];
        list.push(s!.session_number);
        byBatch.set(s!.batch_id, list);
      }
      let total = 0;
      let collecting = 0;
      for (const [batchId, numbers] of byBatch) {
        numbers.sort((a, b) => a - b);
        expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
        const page = await fx.store.readBatchSessions(batchId, { afterNumber: 0, limit: n + 1, eventsLimit: 0 });
        expect(page.map((s) => s.session_number)).toEqual(numbers);
        const summary = await fx.store.getBatch(batchId);
        expect(summary?.session_count).toBe(numbers.length);
        expect(summary?.session_counter).toBe(numbers.length);
        if (summary?.status === 'collecting') collecting += 1;
        total += numbers.length;
      }
      expect(total).toBe(n);
      expect(collecting).toBeLessThanOrEqual(1);
      // A session registered now lands in the (single) collecting batch.
      const last = await fx.store.registerSession(aSession());
      const current = await fx.store.getBatch(null);
      expect(current?.batch_id).toBe(last.session.batch_id);
      expect(current?.status).toBe('collecting');
    }, 60_000);
  });
}
