import { rankDocuments } from '@embedding-studio/losses-metrics';
import { ranksBefore, searchTopK, topK } from './exact-search.js';
import { createVectorTable, l2NormaliseRows, rowOf, selectRows } from './vector-table.js';

describe('exact search', () => {
  it('orders by score descending, ties by doc id ascending', () => {
    const hits = topK([0.5, 0.9, 0.5, 0.1, 0.9], ['d3', 'd2', 'd1', 'd0', 'd10'], 4);
    expect(hits.map((h) => h.id)).toEqual(['d10', 'd2', 'd1', 'd3']);
    expect(ranksBefore(0.5, 'a', 0.5, 'b')).toBe(true);
    expect(ranksBefore(0.4, 'a', 0.5, 'b')).toBe(false);
  });

  it('keeps the true top-k whatever the input order', () => {
    const scores = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 500) / 500);
    const ids = scores.map((_, i) => `d${String(i).padStart(3, '0')}`);
    const expected = ids
      .map((id, i) => ({ id, score: scores[i] as number }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, 100);
    expect(topK(scores, ids, 100)).toEqual(expected);
    // the same order as losses-metrics' rankDocuments (the protocol's doc-id-asc tie-break)
    const byId = Object.fromEntries(ids.map((id, i) => [id, scores[i] as number]));
    expect(topK(scores, ids, 100).map((h) => h.id)).toEqual(rankDocuments(byId).slice(0, 100));
    expect(topK(scores.slice(0, 3), ids.slice(0, 3), 10)).toHaveLength(3);
  });

  it('searches with cosine on normalised rows', () => {
    const items = createVectorTable(['x', 'y', 'z'], Float32Array.from([3, 0, 0, 2, 1, 1]), 2);
    expect(rowOf(items, 'x')).toEqual(Float32Array.from([1, 0]));
    const queries = createVectorTable(['q'], Float32Array.from([0, 5]), 2);
    const res = searchTopK(queries, items, 2).get('q');
    expect(res?.map((h) => h.id)).toEqual(['y', 'z']);
    expect(res?.[1]?.score).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('vector tables reject bad shapes and duplicate ids; selectRows copies rows in order', () => {
    expect(() => createVectorTable(['a'], new Float32Array(3), 2)).toThrow(/shape/);
    expect(() => createVectorTable(['a', 'a'], new Float32Array(4), 2)).toThrow(/duplicate/);
    const t = createVectorTable(['a', 'b'], Float32Array.from([1, 0, 0, 1]), 2);
    const s = selectRows(t, ['b', 'a']);
    expect([...s.data]).toEqual([0, 1, 1, 0]);
    expect(() => selectRows(t, ['c'])).toThrow(/No vector/);
    expect([...l2NormaliseRows(Float32Array.from([0, 0, 3, 4]), 2)]).toEqual([0, 0, 0.6000000238418579, 0.800000011920929]);
  });
});
