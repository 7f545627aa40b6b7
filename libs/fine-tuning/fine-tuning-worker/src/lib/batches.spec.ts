import { createClickstreamService, createMemoryClickstreamStore } from '@embedding-studio/clickstream-core';
import { createTestClock } from '@embedding-studio/primitives/testing';
import { clickstreamBatches } from './batches.js';

describe('clickstreamBatches', () => {
  it('releases under the given key (idempotently) and reads every session of the batch across pages', async () => {
    const clock = createTestClock(1_800_000_000_000);
    const store = createMemoryClickstreamStore({ clock });
    const service = createClickstreamService({ store, clock });
    for (let i = 0; i < 1203; i++) {
      await service.registerSession({ session_id: `s${i}`, search_query: 'q', search_results: [{ object_id: 'a' }, { object_id: 'b' }] });
    }
    await service.addEvents({ session_id: 's7', events: [{ event_id: 'e1', object_id: 'b' }] });
    const batches = clickstreamBatches(service.useCases);
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
    const batchId = await clickstreamBatches(service.useCases).release('t');
    const controller = new AbortController();
    controller.abort('cancelled');
    await expect(clickstreamBatches(service.useCases).readSessions(batchId, controller.signal)).rejects.toBe('cancelled');
  });

  it('reads a released batch whose numbers skip without waiting', async () => {
    const store = createMemoryClickstreamStore();
    const service = createClickstreamService({ store });
    for (const id of ['a', 'b', 'c']) await service.registerSession({ session_id: id, search_query: 'q', search_results: [{ object_id: 'x' }] });
    // Number 2 was voided by the release (its registration never finished): the page skips it.
    const gappy = Object.create(store) as typeof store;
    gappy.readBatchSessions = async (batchId, opts) => (await store.readBatchSessions(batchId, opts)).filter((s) => s.session_number !== 2);
    const batches = clickstreamBatches(createClickstreamService({ store: gappy }).useCases);
    const batchId = await batches.release('t');
    const started = Date.now();
    expect((await batches.readSessions(batchId, new AbortController().signal)).map((s) => s.session_id)).toEqual(['a', 'c']);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
