import { mergeEntry, snapshotOf, type QualityEntry } from './entries.js';

const snap = (shown: string[], irrelevant = false): QualityEntry['session'] => ({ session_id: 's', collection: 'docs', version: 2, created_at: 100, latency_ms: 9, shown, irrelevant });

describe('mergeEntry', () => {
  it('keeps the longest result list, every click once by event id, and ORs the flags, in any order', () => {
    const entries: QualityEntry[] = [
      { session: snap(['a', 'b']) },
      { session: snap(['a', 'b', 'c', 'd']), load_more: true },
      { session: snap(['a', 'b']), clicks: [{ event_id: 'e1', object_id: 'b', created_at: 101 }] },
      { session: snap(['a', 'b'], true) },
      { session: snap(['a', 'b']), clicks: [{ event_id: 'e1', object_id: 'b', created_at: 101 }] },
    ];
    const forward = entries.reduce((r, e) => mergeEntry(r, e), mergeEntry(undefined, entries[0] as QualityEntry));
    const backward = [...entries].reverse().reduce((r, e) => mergeEntry(r, e), mergeEntry(undefined, entries[4] as QualityEntry));
    for (const r of [forward, backward]) {
      expect(r).toMatchObject({ session_id: 's', version: 2, created_at: 100, latency_ms: 9, shown: ['a', 'b', 'c', 'd'], load_more: true, irrelevant: true });
      expect(r.clicks).toEqual([{ event_id: 'e1', object_id: 'b', created_at: 101 }]);
    }
  });
});

describe('snapshotOf', () => {
  const session = { session_id: 's', created_at: 100, search_results: [{ object_id: 'a' }], is_irrelevant: false };
  it('reads collection, version and latency from search_meta', () => {
    expect(snapshotOf({ ...session, search_meta: { collection: 'docs', profile_version: 3, latency_ms: 4.5 } })).toEqual({
      session_id: 's',
      collection: 'docs',
      version: 3,
      created_at: 100,
      latency_ms: 4.5,
      shown: ['a'],
      irrelevant: false,
    });
    expect(snapshotOf({ ...session, search_meta: { collection: 'docs' } })).toMatchObject({ version: null, latency_ms: null });
  });
  it('is null for a session of no collection', () => {
    expect(snapshotOf({ ...session, search_meta: null })).toBeNull();
    expect(snapshotOf({ ...session, search_meta: { collection: 5 } })).toBeNull();
  });
});
