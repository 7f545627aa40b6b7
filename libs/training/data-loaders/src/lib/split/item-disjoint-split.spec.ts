import { createRng } from '@embedding-studio/random';
import { buildRankingExamples } from '../examples/build-examples.js';
import { itemIdsOf, type RankingExamples } from '../examples/ranking-example.js';
import { aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { splitItemDisjoint, type ItemDisjointSplit } from './item-disjoint-split.js';

const itemsOf = (side: RankingExamples): Set<string> => new Set([...side.examples, ...side.irrelevant].flatMap(itemIdsOf));
const count = (side: RankingExamples): number => side.examples.length + side.irrelevant.length;

function expectDisjoint(split: ItemDisjointSplit): void {
  const train = itemsOf(split.train);
  for (const id of itemsOf(split.test)) expect(train.has(id)).toBe(false);
  for (const id of itemsOf(split.test)) expect(split.testItems.has(id)).toBe(true);
}

/** A clickstream of `n` sessions over `items` items, each showing 5 and clicking 0–2. */
function clickstream(n: number, items: number, seed: number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const shown = new Set<string>();
    while (shown.size < 5) shown.add(`i${rng.int(items)}`);
    const list = [...shown];
    const clicks = list.filter(() => rng.next() < 0.2);
    return aSessionWithEvents({ id: `s${i}`, query: `q${i % 7}`, results: list, clicks });
  });
}

describe('splitItemDisjoint', () => {
  it('keeps test items out of train on a realistic clickstream, and accounts for every example', () => {
    const built = buildRankingExamples(clickstream(300, 80, 1));
    const split = splitItemDisjoint(built, { seed: 1 });
    expectDisjoint(split);
    const n = built.examples.length + built.irrelevant.length;
    expect(count(split.train) + count(split.test) + split.report.dropped.length).toBe(n);
    expect(split.report.items.total).toBe(80);
    expect(split.testItems.size).toBe(16); // round(0.2 · 80)
    expect(split.report.test.examples).toBeGreaterThan(0);
    expect(split.report.train.examples).toBeGreaterThan(split.report.test.examples);
    expect(split.report.items.test).toBeLessThanOrEqual(16);
    for (const e of [...split.train.examples, ...split.test.examples]) expect(e.positives.length).toBeGreaterThan(0);
    for (const e of [...split.train.irrelevant, ...split.test.irrelevant]) expect(e.negatives.length).toBeGreaterThan(0);
  });

  it('with queryDisjoint, drops test examples whose query is also a train query, and accounts for them', () => {
    // 300 sessions over 80 query texts (with stray spaces and capitals): without the option, test queries recur in train.
    const sessions = clickstream(300, 80, 1).map((s, i) => ({ ...s, search_query: i % 2 === 0 ? `Q${i % 80}` : ` q${i % 80} ` }));
    const built = buildRankingExamples(sessions);
    const plain = splitItemDisjoint(built, { seed: 1 });
    const queries = (examples: RankingExamples['examples']): Set<string> => new Set(examples.map((e) => e.query.trim().toLowerCase()));
    const shared = (split: ItemDisjointSplit): number =>
      [...queries(split.test.examples)].filter((q) => queries([...split.train.examples, ...split.train.irrelevant]).has(q)).length;
    expect(shared(plain)).toBeGreaterThan(0);
    const split = splitItemDisjoint(built, { seed: 1, queryDisjoint: true });
    expectDisjoint(split);
    expect(shared(split)).toBe(0);
    const dropped = split.report.dropped.filter((d) => d.reason === 'query-in-train').length;
    expect(dropped).toBe(count(plain.test) - count(split.test));
    expect(split.test.irrelevant).toEqual(plain.test.irrelevant);
    expect(dropped).toBeGreaterThan(0);
    expect(split.report.test).toEqual({ examples: split.test.examples.length, irrelevant: split.test.irrelevant.length });
    expect(split.train).toEqual(plain.train);
  });

  it('is deterministic under a seed and varies across seeds', () => {
    const built = buildRankingExamples(clickstream(100, 40, 2));
    expect(splitItemDisjoint(built, { seed: 'a' })).toEqual(splitItemDisjoint(built, { seed: 'a' }));
    const sets = new Set([1, 2, 3, 4, 5].map((seed) => [...splitItemDisjoint(built, { seed }).testItems].sort().join()));
    expect(sets.size).toBeGreaterThan(1);
    for (const seed of [1, 2, 3, 4, 5]) expectDisjoint(splitItemDisjoint(built, { seed }));
  });

  it('takes whole clusters when the clickstream falls apart cleanly', () => {
    const built = buildRankingExamples([
      aSessionWithEvents({ id: 'a1', results: ['a1', 'a2', 'a3'], clicks: ['a1'] }),
      aSessionWithEvents({ id: 'a2', results: ['a3', 'a4', 'a5'], clicks: ['a4'] }),
      aSessionWithEvents({ id: 'b1', results: ['b1', 'b2', 'b3'], clicks: ['b1'] }),
      aSessionWithEvents({ id: 'b2', results: ['b3', 'b4', 'b5'], clicks: ['b5'] }),
    ]);
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const split = splitItemDisjoint(built, { testSize: 0.5, seed });
      expect(split.report.trimmedExamples).toBe(0);
      expect(count(split.train)).toBe(2);
      expect(count(split.test)).toBe(2);
      const testSessions = split.test.examples.map((e) => e.sessionId[0]);
      expect(testSessions[0]).toBe(testSessions[1]);
      expectDisjoint(split);
    }
  });

  it('handles empty input and a single session without throwing', () => {
    const empty = splitItemDisjoint({ examples: [], irrelevant: [] });
    expect(count(empty.train) + count(empty.test)).toBe(0);
    expect(empty.report.warnings).toEqual(['no examples to split']);
    const one = splitItemDisjoint(buildRankingExamples([aSessionWithEvents({ id: 's', results: ['a', 'b', 'c'], clicks: ['a'] })]));
    expect(one.train.examples.map((e) => e.sessionId)).toEqual(['s']);
    expect(count(one.test)).toBe(0);
    expect(one.report.warnings[0]).toMatch(/test side is empty/);
  });

  it('handles clickstreams where no session has clicks', () => {
    const built = buildRankingExamples(clickstream(60, 30, 3).map((s) => ({ ...s, events: [] })));
    expect(built.examples).toEqual([]);
    const split = splitItemDisjoint(built, { seed: 4 });
    expectDisjoint(split);
    expect(split.report.test.irrelevant).toBeGreaterThan(0);
    expect(split.report.warnings).toContain('the train side has no example with clicks');
    expect(split.report.warnings).toContain('the test side has no example with clicks');
  });

  it('handles clickstreams where every result is clicked, and duplicate result ids', () => {
    const sessions = clickstream(60, 30, 5).map((s) => ({
      ...aSessionWithEvents({ id: s.session_id, results: [...s.search_results.map((r) => r.object_id), s.search_results[0]?.object_id ?? 'x'] }),
      events: s.search_results.map((r, i) => ({ ...s.events[0], event_id: `e${i}`, session_id: s.session_id, object_id: r.object_id, event_type: 'click', created_at: 1, meta: null })),
    }));
    const built = buildRankingExamples(sessions);
    expect(built.report.withoutNegatives).toBe(60);
    expect(built.report.duplicateResults).toBe(60);
    const split = splitItemDisjoint(built, { seed: 6 });
    expectDisjoint(split);
    expect(split.report.test.examples).toBeGreaterThan(0);
  });

  it('puts everything in train for testSize 0 and validates testSize', () => {
    const built = buildRankingExamples(clickstream(20, 15, 7));
    const split = splitItemDisjoint(built, { testSize: 0 });
    expect(count(split.train)).toBe(built.examples.length + built.irrelevant.length);
    expect(split.report.warnings).toEqual([]);
    expect(() => splitItemDisjoint(built, { testSize: 1 })).toThrow(/testSize/);
    expect(() => splitItemDisjoint(built, { testSize: -0.1 })).toThrow(/testSize/);
  });
});
