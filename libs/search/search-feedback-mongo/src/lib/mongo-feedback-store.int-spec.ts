import { createTestDatabasePair, type TestDatabasePair } from '@embedding-studio/mongo/testing';
import { createFeedbackReranker, DEFAULT_FEEDBACK_SETTINGS, sessionDeltas } from '@embedding-studio/search-feedback';
import { aLoggedSession, feedbackStoreContract, someHits } from '@embedding-studio/search-feedback/testing';
import { createMongoFeedbackStore } from './mongo-feedback-store.js';

feedbackStoreContract('mongo', async () => {
  const pair = await createTestDatabasePair('search_feedback_mongo');
  return { store: await createMongoFeedbackStore({ connection: pair.db.connection }), cleanup: pair.close };
});

describe('mongo feedback store: two processes on one database', () => {
  let pair: TestDatabasePair;
  beforeEach(async () => {
    pair = await createTestDatabasePair('search_feedback_mongo_two');
  });
  afterEach(async () => {
    await pair.close();
  });

  it('counts a delta once when both instances apply it at the same time, and each sees the other’s clicks', async () => {
    const here = await createMongoFeedbackStore({ connection: pair.db.connection, maxStalenessMs: 0 });
    const there = await createMongoFeedbackStore({ connection: pair.second.connection, maxStalenessMs: 0 });
    const ids = ['a', 'b', 'c', 'd'];
    const sessions = Array.from({ length: 12 }, () => aLoggedSession('red shoes', ids, ['d']));
    const results = await Promise.all(sessions.flatMap((s) => [here.apply(sessionDeltas('shop', s)), there.apply(sessionDeltas('shop', s))]));
    expect(results.reduce((n, r) => n + r.applied, 0)).toBe(sessions.length * 2); // an impressions and a click delta each
    for (const store of [here, there]) {
      const fb = await store.get('shop', 'red shoes');
      expect(fb?.sessions).toBe(12);
      expect(fb?.docs.get('d')).toEqual({ impressions: { '3': 12 }, clicks: { '3': 12 }, irrelevant: 0 });
    }
    const reranker = createFeedbackReranker({ store: there, settingsFor: () => ({ ...DEFAULT_FEEDBACK_SETTINGS, enabled: true }) });
    expect((await reranker.rerank({ collection: 'shop', query: 'Red shoes', hits: someHits(ids) }))[0]?.id).toBe('d');
  });

  it('serves reads from its projection until maxStalenessMs has passed', async () => {
    let clock = 1_000_000;
    const reader = await createMongoFeedbackStore({ connection: pair.db.connection, maxStalenessMs: 5_000, clock: { now: () => clock } });
    const writer = await createMongoFeedbackStore({ connection: pair.second.connection, clock: { now: () => clock } });
    expect(await reader.get('shop', 'q')).toBeNull();
    await writer.apply(sessionDeltas('shop', aLoggedSession('q', ['a'], ['a'])));
    expect(await reader.get('shop', 'q')).toBeNull();
    clock += 5_000;
    expect((await reader.get('shop', 'q'))?.docs.get('a')?.clicks).toEqual({ '0': 1 });
  });
});
