import { aSession } from '@embedding-studio/data-loaders/testing';
import { createVectorTable } from '../vectors/vector-table.js';
import { clickDataset, judgmentSessions, vectorItemLoader } from './examples.js';

const items = () => createVectorTable(['a', 'b', 'c', 'd', 'e'], new Float32Array(5 * 2).fill(1), 2);

describe('vectorItemLoader', () => {
  it('returns the rows of ids the corpus has vectors for; unknown ids are absent', async () => {
    const got = await vectorItemLoader(items()).load(['c', 'zz', 'a']);
    expect([...got.entries()]).toEqual([
      ['c', { id: 'c', row: 2 }],
      ['a', { id: 'a', row: 0 }],
    ]);
  });
});

describe('clickDataset (data-loaders prepareRankingDataset)', () => {
  it('clicked results are positives, shown-not-clicked negatives, sessions without clicks kept apart; unknown items removed', async () => {
    const ds = await clickDataset(
      [
        aSession({ id: 's1', query: ' alpha ', results: ['a', 'b', 'c', 'd'], clicks: ['c', 'a'] }),
        aSession({ id: 's2', query: 'beta', results: ['e', 'b'], clicks: [] }),
        aSession({ id: 's3', query: 'gamma', results: ['zz', 'd'], clicks: ['d'] }),
      ],
      items(),
      { seed: 1 },
    );
    const ids = (refs: ReadonlyArray<{ id: string }>) => refs.map((r) => r.id);
    expect(ds.train.examples.map((e) => [e.query, ids(e.positives), ids(e.negatives)])).toEqual([
      ['alpha', ['a', 'c'], ['b', 'd']],
      ['gamma', ['d'], []],
    ]);
    expect(ds.train.irrelevant.map((e) => [e.query, ids(e.negatives)])).toEqual([['beta', ['e', 'b']]]);
    expect(ds.test).toEqual({ examples: [], irrelevant: [] });
    expect(ds.report.missingItems).toEqual(['zz']);
  });

  it('with testSize, holds out an item-disjoint part of the log', async () => {
    const shown = [
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'b'],
    ];
    const sessions = Array.from({ length: 12 }, (_, i) => {
      const results = shown[i % 3] as string[];
      return aSession({ id: `s${i}`, query: `q${i % 3}`, results, clicks: [results[0] as string] });
    });
    const ds = await clickDataset(sessions, items(), { seed: 3, testSize: 0.4 });
    const used = (side: typeof ds.train) => new Set([...side.examples, ...side.irrelevant].flatMap((e) => [...e.positives, ...e.negatives].map((r) => r.id)));
    const train = used(ds.train);
    const test = used(ds.test);
    expect(test.size).toBeGreaterThan(0);
    for (const id of test) expect(train.has(id)).toBe(false);
  });
});

describe('judgmentSessions (the skyline O)', () => {
  it('shows the deployed top-10 then the missed relevant docs, and clicks every relevant doc', async () => {
    const sessions = judgmentSessions([
      { id: 'q1', text: 'alpha', shown: ['a', 'b', 'c'], relevant: new Set(['e', 'b']) },
      { id: 'q2', text: 'beta', shown: ['a'], relevant: new Set() },
    ]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.search_results.map((r) => [r.object_id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['e', 4],
    ]);
    const ds = await clickDataset(sessions, items(), { seed: 1 });
    expect(ds.train.examples.map((e) => [e.query, e.positives.map((p) => p.id), e.negatives.map((n) => n.id)])).toEqual([['alpha', ['b', 'e'], ['a', 'c']]]);
  });
});
