import { itemIdsOf } from '../examples/ranking-example.js';
import { createMemoryItemLoader } from '../items/memory-loader.js';
import { createMetaItemLoader } from '../items/meta-loader.js';
import { aResult, aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { prepareRankingDataset } from './prepare-dataset.js';

describe('prepareRankingDataset', () => {
  const withText = (ids: string[]) => ids.map((id, i) => aResult(id, i + 1, { text: `about ${id}` }));
  const sessions = [
    aSessionWithEvents({ id: 'a1', query: 'qa', results: withText(['a1', 'a2', 'a3']), clicks: ['a1'] }),
    aSessionWithEvents({ id: 'a2', query: 'qa', results: withText(['a3', 'a4', 'a5']), clicks: ['a4'] }),
    aSessionWithEvents({ id: 'b1', query: 'qb', results: withText(['b1', 'b2', 'b3']), clicks: ['b2'] }),
    aSessionWithEvents({ id: 'b2', query: 'qb', results: withText(['b3', 'b4', 'b5']) }),
  ];

  it('builds, splits item-disjointly and loads every referenced item', async () => {
    const ds = await prepareRankingDataset(sessions, { loader: createMetaItemLoader(sessions), split: { testSize: 0.5, seed: 2 } });
    const refs = (side: typeof ds.train) => [...side.examples, ...side.irrelevant].flatMap(itemIdsOf);
    const train = new Set(refs(ds.train));
    expect(refs(ds.test).some((id) => train.has(id))).toBe(false);
    for (const id of [...refs(ds.train), ...refs(ds.test)]) expect(ds.items.get(id)?.text).toBe(`about ${id}`);
    expect(ds.report.build.irrelevant).toBe(1);
    expect(ds.report.missingItems).toEqual([]);
    expect(ds.train.examples.length + ds.test.examples.length).toBe(3);
  });

  it('removes references to missing items and drops examples left without positives', async () => {
    const loader = createMemoryItemLoader(['a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'b4', 'b5'].map((id) => ({ id, text: id })));
    const ds = await prepareRankingDataset(sessions, { loader, split: { testSize: 0 } });
    expect(ds.report.missingItems).toEqual(['a1']);
    expect(ds.report.droppedForMissingItems).toEqual([{ exampleId: 'a1', sessionId: 'a1' }]);
    expect(ds.train.examples.map((e) => e.sessionId)).toEqual(['a2', 'b1']);
  });

  it('loads texts before the split: blank texts count as missing, and the split never sees their references', async () => {
    const loader = createMemoryItemLoader(['a1', 'a2', 'a3', 'a4', 'a5', 'b1', 'b2', 'b3', 'b4', 'b5'].map((id) => ({ id, text: id === 'b2' ? '  ' : id })));
    const ds = await prepareRankingDataset(sessions, { loader, split: { testSize: 0.3, seed: 1 } });
    expect(ds.report.missingItems).toEqual(['b2']);
    expect(ds.report.droppedForMissingItems).toEqual([{ exampleId: 'b1', sessionId: 'b1' }]);
    expect(ds.report.available).toEqual({ examples: 2, withNegatives: 2, irrelevant: 1 });
    expect(ds.report.split.items.total).toBe(8);
    expect(ds.items.has('b2')).toBe(false);
  });

  it('grows the test side until both sides can train and measure, deterministically', async () => {
    const loader = createMetaItemLoader(sessions);
    const plain = await prepareRankingDataset(sessions, { loader, split: { testSize: 0.1, seed: 'x' } });
    expect(plain.report.splitChoice).toEqual({ testSize: 0.1, seed: 'x', attempts: 1, usable: false });
    const grown = await prepareRankingDataset(sessions, { loader, split: { testSize: 0.1, seed: 'x', growUntilUsable: true } });
    expect(grown.report.splitChoice.usable).toBe(true);
    expect(grown.report.splitChoice.attempts).toBeGreaterThan(1);
    expect(grown.test.examples.length).toBeGreaterThan(0);
    expect(grown.train.examples.some((e) => e.positives.length > 0 && e.negatives.length > 0)).toBe(true);
    expect(await prepareRankingDataset(sessions, { loader, split: { testSize: 0.1, seed: 'x', growUntilUsable: true } })).toEqual(grown);
  });

  it('with queryDisjoint, keeps test queries out of train, and falls back with a warning when no split can', async () => {
    const loader = createMetaItemLoader(sessions);
    const split = { testSize: 0.1, seed: 'x', growUntilUsable: true, queryDisjoint: true };
    const ds = await prepareRankingDataset(sessions, { loader, split });
    const trainQueries = new Set([...ds.train.examples, ...ds.train.irrelevant].map((e) => e.query));
    expect(ds.report.splitChoice.usable).toBe(true);
    expect(ds.test.examples.filter((e) => trainQueries.has(e.query))).toEqual([]);
    expect(ds.report.split.warnings).toEqual([]);
    // One query text: every test example repeats a train query, so only the plain split is usable.
    const one = sessions.map((s) => ({ ...s, search_query: 'same' }));
    const fallback = await prepareRankingDataset(one, { loader: createMetaItemLoader(one), split });
    expect(fallback.report.splitChoice.usable).toBe(true);
    expect(fallback.test.examples.length).toBeGreaterThan(0);
    expect(fallback.report.split.warnings).toContain('no usable split keeps test queries out of train; test queries may also be train queries');
  });

  it('survives an empty clickstream', async () => {
    const ds = await prepareRankingDataset([], { loader: createMemoryItemLoader([]) });
    expect(ds.items.size).toBe(0);
    expect(ds.report.split.warnings).toEqual(['no examples to split']);
  });
});
