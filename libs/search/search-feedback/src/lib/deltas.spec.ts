import { aLoggedSession } from '../testing.js';
import { clickDelta, impressionsDelta, irrelevantDelta, sessionDeltas } from './deltas.js';
import { createMemoryFeedbackStore } from './memory-store.js';

describe('session deltas', () => {
  it('counts impressions by position, one click per shown result, under the normalised query', async () => {
    const s = aLoggedSession('  Red   SHOES? ', ['a', 'b', 'c'], ['b', 'b', 'zzz']);
    const store = createMemoryFeedbackStore();
    await store.apply(sessionDeltas('c1', s, { vector: [1, 0] }));
    const fb = await store.get('c1', 'red shoes');
    expect(fb?.sessions).toBe(1);
    expect(fb?.text).toBe('  Red   SHOES? ');
    expect(fb?.docs.get('a')).toEqual({ impressions: { '0': 1 }, clicks: {}, irrelevant: 0 });
    expect(fb?.docs.get('b')).toEqual({ impressions: { '1': 1 }, clicks: { '1': 1 }, irrelevant: 0 });
    expect(fb?.docs.has('zzz')).toBe(false);
    expect(Array.from(fb?.vector ?? [])).toEqual([1, 0]);
  });

  it('ignores events that are not clicks or belong to another session', () => {
    const s = aLoggedSession('q', ['a']);
    const e = { event_id: 'e', session_id: s.session_id, object_id: 'a', event_type: 'view', created_at: 0, meta: null };
    expect(clickDelta('c1', s, e)).toBeNull();
    expect(clickDelta('c1', s, { ...e, event_type: 'click', session_id: 'other' })).toBeNull();
    expect(clickDelta('c1', s, { ...e, event_type: 'click' })?.docs).toEqual([{ id: 'a', clicks: { '0': 1 } }]);
  });

  it('counts an appended page at its positions without counting the session again', () => {
    const s = aLoggedSession('q', ['a', 'b', 'c', 'd']);
    const page2 = impressionsDelta('c1', s, 2);
    expect(page2.sessions).toBe(0);
    expect(page2.docs).toEqual([
      { id: 'c', impressions: { '2': 1 } },
      { id: 'd', impressions: { '3': 1 } },
    ]);
    expect(page2.id).not.toBe(impressionsDelta('c1', s).id);
  });

  it('turns the impressions of a session marked irrelevant into irrelevant marks', async () => {
    const s = aLoggedSession('q', ['a', 'b'], [], { is_irrelevant: true });
    const store = createMemoryFeedbackStore();
    await store.apply(sessionDeltas('c1', s));
    await store.apply([irrelevantDelta('c1', s)]); // the same flag again: ignored
    expect((await store.get('c1', 'q'))?.docs.get('b')).toEqual({ impressions: {}, clicks: {}, irrelevant: 1 });
  });
});
