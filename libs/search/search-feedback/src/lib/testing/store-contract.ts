import type { FeedbackDelta, FeedbackStore } from '../store.js';

export interface FeedbackStoreFixture {
  store: FeedbackStore;
  /** Drops what the fixture created. */
  cleanup(): Promise<void>;
}

let counter = 0;
const delta = (overrides: Partial<FeedbackDelta> & Pick<FeedbackDelta, 'collection'>): FeedbackDelta => ({
  id: `d-${++counter}`,
  key: 'red shoes',
  text: 'Red shoes',
  sessions: 0,
  docs: [],
  ...overrides,
});

/**
 * The behaviour every {@link FeedbackStore} must show. Run it from an adapter's tests:
 * `feedbackStoreContract('mongo', () => makeFixture())`. Each test gets a fresh store; collection
 * names are unique per test.
 */
export function feedbackStoreContract(name: string, makeFixture: () => Promise<FeedbackStoreFixture>): void {
  describe(`FeedbackStore contract: ${name}`, () => {
    let fx: FeedbackStoreFixture;
    let collection: string;
    beforeEach(async () => {
      fx = await makeFixture();
      collection = `fb-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('adds deltas up per query and result, and answers null for a query never logged', async () => {
      expect(await fx.store.get(collection, 'red shoes')).toBeNull();
      const { applied } = await fx.store.apply([
        delta({ collection, sessions: 1, docs: [{ id: 'a', impressions: { '0': 1 } }, { id: 'b', impressions: { '1': 1 } }] }),
        delta({ collection, sessions: 1, docs: [{ id: 'a', impressions: { '0': 1 } }, { id: 'b', impressions: { '1': 1 } }] }),
        delta({ collection, docs: [{ id: 'b', clicks: { '1': 1 } }] }),
      ]);
      expect(applied).toBe(3);
      const fb = await fx.store.get(collection, 'red shoes');
      expect(fb).toMatchObject({ collection, key: 'red shoes', text: 'Red shoes', sessions: 2, vector: null });
      expect(fb?.docs.get('a')).toEqual({ impressions: { '0': 2 }, clicks: {}, irrelevant: 0 });
      expect(fb?.docs.get('b')).toEqual({ impressions: { '1': 2 }, clicks: { '1': 1 }, irrelevant: 0 });
      expect(await fx.store.get(collection, 'blue shoes')).toBeNull();
    });

    it('applies a delta id once, also when it arrives twice at the same time', async () => {
      const d = delta({ collection, docs: [{ id: 'a', clicks: { '2': 1 } }] });
      const results = await Promise.all([fx.store.apply([d]), fx.store.apply([d]), fx.store.apply([{ ...d }])]);
      expect(results.reduce((n, r) => n + r.applied, 0)).toBe(1);
      expect((await fx.store.get(collection, 'red shoes'))?.docs.get('a')?.clicks).toEqual({ '2': 1 });
    });

    it('gives the same totals whatever the order, and lets an irrelevant mark replace an impression', async () => {
      const deltas = [
        delta({ collection, sessions: 1, docs: [{ id: 'a', impressions: { '0': 1 } }] }),
        delta({ collection, docs: [{ id: 'a', impressions: { '0': -1 }, irrelevant: 1 }] }),
      ];
      await fx.store.apply([...deltas].reverse());
      expect((await fx.store.get(collection, 'red shoes'))?.docs.get('a')).toEqual({ impressions: {}, clicks: {}, irrelevant: 1 });
    });

    it('keeps collections apart and drops one without touching the other', async () => {
      const other = `${collection}-other`;
      await fx.store.apply([delta({ collection, docs: [{ id: 'a', clicks: { '0': 1 } }] }), delta({ collection: other, docs: [{ id: 'z', clicks: { '0': 1 } }] })]);
      expect([...((await fx.store.get(collection, 'red shoes'))?.docs.keys() ?? [])]).toEqual(['a']);
      await fx.store.drop(other);
      expect(await fx.store.get(other, 'red shoes')).toBeNull();
      expect(await fx.store.get(collection, 'red shoes')).not.toBeNull();
    });

    it('finds the nearest logged queries above the threshold, most similar first, with the latest vector of each', async () => {
      await fx.store.apply([
        delta({ collection, key: 'q1', text: 'q1', vector: [0, 1, 0] }),
        delta({ collection, key: 'q1', text: 'q1', vector: [2, 0, 0] }), // replaces [0, 1, 0]
        delta({ collection, key: 'q2', text: 'q2', vector: [1, 1, 0] }),
        delta({ collection, key: 'q3', text: 'q3', vector: [0, 0, 1] }),
        delta({ collection, key: 'q4', text: 'q4', vector: [1, 0] }), // another encoder's dimension: never a neighbour
        delta({ collection, key: 'q5', text: 'q5' }), // no vector
      ]);
      const near = await fx.store.nearest(collection, [1, 0.1, 0], { threshold: 0.5, limit: 10 });
      expect(near.map((n) => n.feedback.key)).toEqual(['q1', 'q2']);
      expect(near[0]?.similarity).toBeCloseTo(1 / Math.sqrt(1.01), 5);
      expect(Array.from(near[0]?.feedback.vector ?? [])).toEqual([1, 0, 0]);
      expect((await fx.store.nearest(collection, [1, 0.1, 0], { threshold: 0.5, limit: 1 })).map((n) => n.feedback.key)).toEqual(['q1']);
      expect((await fx.store.nearest(collection, [1, 0.1, 0], { threshold: 0.5, limit: 10, excludeKey: 'q1' })).map((n) => n.feedback.key)).toEqual(['q2']);
      expect(await fx.store.nearest(`${collection}-empty`, [1, 0, 0], { threshold: 0, limit: 10 })).toEqual([]);
    });
  });
}
