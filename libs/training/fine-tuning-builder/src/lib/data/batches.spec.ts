import { createRng } from '@embedding-studio/random';
import { epochRows, negativesPerRow, packBatch } from './batches.js';
import type { IndexedExample } from './training-data.js';

const ex = (query: number, positives: number[], negatives: number[], weight = 1): IndexedExample => ({
  query,
  positives: Int32Array.from(positives),
  negatives: Int32Array.from(negatives),
  weight,
});

describe('epoch rows', () => {
  const train = [ex(0, [10, 11], [20, 21, 22, 23, 24]), ex(1, [12], []), ex(2, [13], [25], 0)];

  it('makes one row per positive of each weighted example', () => {
    const rows = epochRows(train, 3, createRng(1));
    expect(rows.map((r) => [r.query, r.positive]).sort()).toEqual([
      [0, 10],
      [0, 11],
      [1, 12],
    ]);
  });

  it('samples negatives without replacement, in result order, seeded', () => {
    const a = epochRows(train, 3, createRng(5));
    const b = epochRows(train, 3, createRng(5));
    expect(a).toEqual(b);
    for (const r of a.filter((x) => x.query === 0)) {
      expect(r.negatives).toHaveLength(3);
      expect(new Set(r.negatives).size).toBe(3);
      expect([...r.negatives].sort((x, y) => x - y)).toEqual(r.negatives);
      for (const n of r.negatives) expect([20, 21, 22, 23, 24]).toContain(n);
    }
  });

  it('uses the largest negative list (at least 1) without a cap', () => {
    expect(negativesPerRow(train, null)).toBe(5);
    expect(negativesPerRow(train, 2)).toBe(2);
    expect(negativesPerRow([ex(0, [1], [])], null)).toBe(1);
  });
});

describe('packBatch', () => {
  it('pads negatives with a zero mask and builds the in-batch mask', () => {
    const train = [ex(0, [10, 11], [20]), ex(1, [10], [21, 22])];
    const rows = [
      { example: 0, query: 0, positive: 10, negatives: [20], weight: 1 },
      { example: 0, query: 0, positive: 11, negatives: [20], weight: 1 },
      { example: 1, query: 1, positive: 10, negatives: [21, 22], weight: 2 },
    ];
    const b = packBatch(rows, 2, train, true);
    expect(Array.from(b.negatives)).toEqual([20, 10, 20, 11, 21, 22]);
    expect(Array.from(b.negativeMask)).toEqual([1, 0, 1, 0, 1, 1]);
    expect(Array.from(b.weights)).toEqual([1, 1, 2]);
    // Row 0/1 share a query (masked); row 2's positive (10) is a positive of query 0 (masked);
    // for row 2, rows 0 and 1 are other queries' positives; 10 is its own positive (masked).
    expect(Array.from(b.inBatchMask ?? [])).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });
});
