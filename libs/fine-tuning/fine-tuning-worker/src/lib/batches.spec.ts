import { createClickstreamService, createMemoryClickstreamStore } from '@embedding-studio/clickstream-core';
import { createFixedClock } from '@embedding-studio/clickstream-core/testing';
import { clickstreamBatches } from './batches.js';

describe('clickstreamBatches', () => {
  it('releases under the given key (idempotently) and reads every session of the batch across pages', async () => {
    const clock = createFixedClock(1_800_000_000);
    const store = createMemoryClickstreamStore({ nowSeconds: () => clock.nowSeconds() });
    const service = createClickstreamService({ store, clock });
    for (let i = 0; i < 1203; i++) {
      await service.registerSession({ session_id: `s${i}`, search_query: 'q', search_results: [{ object_id: 'a' }, { object_id: 'b' }] });
    }
    await service.addEvents({ session_id: 's7', events: [{ event_id: 'e1', object_id: 'b' }] });
    const batches = clickstreamBatches(service, store);
    const batchId = await batches.release('task-1');
    expect(await batches.release('task-1')).toBe(batchId);
    const sessions = await batches.readSessions(batchId, new AbortController().signal);
    expect(sessions).toHaveLength(1203);
    expect(new Set(sessions.map((s) => s.session_id)).size).toBe(1203);
    expect(sessions.find((s) => s.session_id === 's7')?.events.map((e) => e.object_id)).toEqual(['b']);
    await expect(batches.release('task-2')).rejects.toMatchObject({ category: 'not-found' });
  });

  it('stops reading when aborted', async () => {
    const store = createMemoryClickstreamStore();
    const service = createClickstreamService({ store });
    await service.registerSession({ session_id: 's1', search_query: 'q', search_results: [{ object_id: 'a' }] });
    const batchId = await clickstreamBatches(service, store).release('t');
    const controller = new AbortController();
    controller.abort('cancelled');
    await expect(clickstreamBatches(service, store).readSessions(batchId, controller.signal)).rejects.toBe('cancelled');
  });

  it('waits for sessions numbered before the release that are still being written', async () => {
    const store = createMemoryClickstreamStore();
    const service = createClickstreamService({ store });
    for (const id of ['a', 'b', 'c']) await service.registerSession({ session_id: id, search_query: 'q', search_results: [{ object_id: 'x' }] });
    let reads = 0;
    // The first read misses session 3, as if its write were still in flight.
    const lagging = Object.create(store) as typeof store;
    lagging.readBatchSessions = async (batchId, opts) => {
      reads += 1;
      const page = await store.readBatchSessions(batchId, opts);
      return reads === 1 ? page.filter((s) => s.session_number !== 3) : page;
    };
    const batches = clickstreamBatches(service, lagging, { pollMs: 5 });
    const batchId = await batches.release('t');
    expect((await batches.readSessions(batchId, new AbortController().signal)).map((s) => s.session_id)).toEqual(['a', 'b', 'c']);
    expect(reads).toBe(2);
  });
});
