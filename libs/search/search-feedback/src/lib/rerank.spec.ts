import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { aLoggedSession, someHits } from '../testing.js';
import { sessionDeltas } from './deltas.js';
import { NO_EVIDENCE, relevanceLift } from './evidence.js';
import { createMemoryFeedbackStore } from './memory-store.js';
import { nudgeQueryVector, rerankHits } from './rerank.js';
import { createFeedbackReranker } from './reranker.js';
import { DEFAULT_FEEDBACK_SETTINGS, type FeedbackSettings } from './settings.js';
import type { FeedbackStore } from './store.js';

const ON: FeedbackSettings = { ...DEFAULT_FEEDBACK_SETTINGS, enabled: true };
const TEN = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9'];

async function rerankAfter(
  sessions: readonly SessionWithEvents[],
  hits: ReturnType<typeof someHits>,
  settings: FeedbackSettings = ON,
  request: { query?: string; vector?: number[]; vectors?: ReadonlyMap<string, number[]> } = {},
): Promise<string[]> {
  const store: FeedbackStore = createMemoryFeedbackStore();
  for (const s of sessions) {
    const vector = request.vectors?.get(s.search_query);
    await store.apply(sessionDeltas('c1', s, vector ? { vector } : {}));
  }
  const reranker = createFeedbackReranker({ store, settingsFor: () => settings });
  const out = await reranker.rerank({ collection: 'c1', query: request.query ?? 'q', ...(request.vector ? { queryVector: request.vector } : {}), hits });
  return out.map((h) => h.id);
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('feedback reranking model', () => {
  it('is the identity without evidence, and when the collection has feedback off', async () => {
    const hits = someHits(TEN);
    expect(rerankHits(hits, NO_EVIDENCE, ON)).toEqual(hits);
    expect(await rerankAfter([], hits)).toEqual(TEN);
    const clicked = times(30, () => aLoggedSession('q', TEN, ['d9']));
    expect(await rerankAfter(clicked, hits, DEFAULT_FEEDBACK_SETTINGS)).toEqual(TEN);
    expect(await rerankAfter(clicked, hits, { ...ON, weight: 0 })).toEqual(TEN);
    expect(await rerankAfter(clicked, hits, ON, { query: 'another query' })).toEqual(TEN);
  });

  it('does not let one click flip the page, but lets repeated clicks lift a result to the top', async () => {
    const hits = someHits(TEN);
    const once = await rerankAfter([aLoggedSession('q', TEN, ['d9'])], hits);
    expect(once.indexOf('d9')).toBeGreaterThanOrEqual(7);
    expect(once.slice(0, 5)).toEqual(TEN.slice(0, 5));
    const often = await rerankAfter(
      times(20, () => aLoggedSession('q', TEN, ['d9'])),
      hits,
    );
    expect(often[0]).toBe('d9');
  });

  it('corrects for position: a click low on the page counts more than a click at the top', async () => {
    // 'top' is shown first and clicked 3 times in 10 sessions; 'low' is shown sixth and clicked twice.
    const shown = ['top', 'x1', 'x2', 'x3', 'x4', 'low'];
    const sessions = times(10, (i) => aLoggedSession('q', shown, [...(i < 3 ? ['top'] : []), ...(i >= 8 ? ['low'] : [])]));
    const hits = [
      { id: 'top', score: 0.9, rank: 1 },
      { id: 'low', score: 0.89, rank: 2 },
      { id: 'other', score: 0.5, rank: 3 },
    ];
    expect(await rerankAfter(sessions, hits, { ...ON, eta: 0 })).toEqual(['top', 'low', 'other']);
    expect(await rerankAfter(sessions, hits, { ...ON, eta: 1 })).toEqual(['low', 'top', 'other']);
    // and a result never clicked low on the page is held against less than one never clicked near the top
    const notClicked = times(10, () => aLoggedSession('q', ['y0', 'high', 'y2', 'y3', 'y4', 'y5', 'y6', 'y7', 'y8', 'deep']));
    const store = createMemoryFeedbackStore();
    for (const s of notClicked) await store.apply(sessionDeltas('c1', s));
    const ev = await createFeedbackReranker({ store, settingsFor: () => ON }).evidence('c1', 'q');
    expect(relevanceLift(ev.docs.get('deep'), ON)).toBeGreaterThan(relevanceLift(ev.docs.get('high'), ON));
    expect(relevanceLift(ev.docs.get('high'), ON)).toBeLessThan(0);
  });

  it('demotes the results of sessions marked irrelevant more than results merely not clicked', async () => {
    const shown = ['z0', 'z1', 'z2', 'a'];
    const hits = someHits(['a', 'b', 'c']);
    expect(await rerankAfter(times(20, () => aLoggedSession('q', shown)), hits)).toEqual(['a', 'b', 'c']);
    expect(await rerankAfter(times(20, () => aLoggedSession('q', shown, [], { is_irrelevant: true })), hits)).toEqual(['b', 'a', 'c']);
  });

  it('reorders only the first topN hits and keeps their ranks', async () => {
    const hits = someHits(TEN);
    const sessions = times(30, () => aLoggedSession('q', TEN, ['d2', 'd6']));
    const store = createMemoryFeedbackStore();
    for (const s of sessions) await store.apply(sessionDeltas('c1', s));
    const out = await createFeedbackReranker({ store, settingsFor: () => ({ ...ON, topN: 4 }) }).rerank({ collection: 'c1', query: 'q', hits });
    expect(out.map((h) => h.id)).toEqual(['d2', 'd0', 'd1', 'd3', ...TEN.slice(4)]);
    expect(out.map((h) => h.rank)).toEqual(hits.map((h) => h.rank));
    expect(out.slice(4)).toEqual(hits.slice(4));
    for (let i = 1; i < 4; i++) expect((out[i - 1] as { score: number }).score).toBeGreaterThanOrEqual((out[i] as { score: number }).score);
  });

  it('borrows evidence from logged queries whose vectors are close, and only from those', async () => {
    const hits = someHits(TEN);
    const sessions = times(30, () => aLoggedSession('red running shoes', TEN, ['d8']));
    const vectors = new Map([['red running shoes', [1, 0, 0]]]);
    const near = [0.95, Math.sqrt(1 - 0.95 ** 2), 0];
    const far = [0.5, Math.sqrt(0.75), 0];
    expect((await rerankAfter(sessions, hits, ON, { query: 'crimson jogging sneakers', vector: near, vectors }))[0]).toBe('d8');
    expect(await rerankAfter(sessions, hits, ON, { query: 'crimson jogging sneakers', vector: far, vectors })).toEqual(TEN);
    expect(await rerankAfter(sessions, hits, { ...ON, neighbourWeight: 0 }, { query: 'crimson jogging sneakers', vector: near, vectors })).toEqual(TEN);
  });

  it('nudges the query vector towards clicked results (Rocchio), and not at all with beta 0', async () => {
    const store = createMemoryFeedbackStore();
    for (const s of times(10, () => aLoggedSession('q', ['a', 'b'], ['b']))) await store.apply(sessionDeltas('c1', s));
    const items = new Map([
      ['a', [1, 0]],
      ['b', [0, 1]],
    ]);
    const settings = { ...ON, rocchioBeta: 0.5 };
    const reranker = createFeedbackReranker({ store, settingsFor: () => settings });
    const nudged = await reranker.nudge('c1', 'q', [1, 0], items);
    expect(nudged[1]).toBeGreaterThan(0.1);
    expect(Math.hypot(...nudged)).toBeCloseTo(1, 5);
    expect(Array.from(nudgeQueryVector([2, 0], await reranker.evidence('c1', 'q'), items, { ...settings, rocchioBeta: 0 }))).toEqual([2, 0]);
    expect(Array.from(await reranker.nudge('c1', 'unseen', [1, 0], items))).toEqual([1, 0]);
  });
});
