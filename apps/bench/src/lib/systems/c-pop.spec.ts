import { createVectorTable } from '../vectors/vector-table.js';
import { searchTopK } from '../vectors/exact-search.js';
import { popularityBoost, tuneWeight } from './c-pop.js';

describe('C-pop', () => {
  const items = createVectorTable(['a', 'b', 'c'], Float32Array.from([1, 0, 0.8, 0.6, 0, 1]), 2);
  const query = createVectorTable(['q'], Float32Array.from([1, 0]), 2);

  it('adds w·ln(1 + clicks) to each clicked doc', () => {
    const boost = popularityBoost(items, new Map([['b', 3], ['zz', 9]]), 0.1);
    expect(boost[0]).toBe(0);
    expect(boost[1]).toBeCloseTo(0.1 * Math.log(4), 6);
    expect(boost[2]).toBe(0);
    expect([...popularityBoost(items, new Map([['b', 3]]), 0)]).toEqual([0, 0, 0]);
  });

  it('re-ranks: score = cosine + boost', () => {
    // cosines: a 1.0, b 0.8, c 0.0; b with 3 clicks and w = 0.2 → 0.8 + 0.2·ln 4 = 1.077 > 1.0
    const plain = searchTopK(query, items, 3).get('q');
    expect(plain?.map((h) => h.id)).toEqual(['a', 'b', 'c']);
    const boosted = searchTopK(query, items, 3, popularityBoost(items, new Map([['b', 3]]), 0.2)).get('q');
    expect(boosted?.map((h) => h.id)).toEqual(['b', 'a', 'c']);
    expect(boosted?.[0]?.score).toBeCloseTo(0.8 + 0.2 * Math.log(4), 5);
    // w = 0.1 → 0.8 + 0.1386 < 1.0: order unchanged
    expect(searchTopK(query, items, 3, popularityBoost(items, new Map([['b', 3]]), 0.1)).get('q')?.[0]?.id).toBe('a');
  });

  it('tunes w on the grid, ties going to the smaller weight', () => {
    const scores = new Map([
      [0, 0.5],
      [0.01, 0.6],
      [0.05, 0.6],
      [0.1, 0.55],
    ]);
    const t = tuneWeight([0.1, 0.05, 0.01, 0], (w) => scores.get(w) as number);
    expect(t.w).toBe(0.01);
    expect(t.score).toBe(0.6);
    expect(t.tried.map((x) => x.w)).toEqual([0, 0.01, 0.05, 0.1]);
    expect(tuneWeight([0, 0.1], () => 0.3).w).toBe(0);
  });
});
