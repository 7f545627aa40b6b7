import { hasErrorCode } from '@embedding-studio/errors';
import { averagePrecisionAtK, ndcgAtK, precisionAtK, recallAtK, reciprocalRankAtK } from './ranking-metrics.js';
import { rankDocuments } from './rank-documents.js';

describe('rankDocuments', () => {
  it('orders by score desc, then doc id asc (or desc on request)', () => {
    const scores = { d2: 1, d1: 1, d3: 2, d10: 1 };
    expect(rankDocuments(scores)).toEqual(['d3', 'd1', 'd10', 'd2']);
    expect(rankDocuments(scores, { tieBreak: 'doc-id-desc' })).toEqual(['d3', 'd2', 'd10', 'd1']);
    expect(rankDocuments(new Map([['b', 0.5], ['a', 0.7]]))).toEqual(['a', 'b']);
    expect(rankDocuments({})).toEqual([]);
  });

  it('compares ids by code unit, not locale', () => {
    expect(rankDocuments({ b: 0, B: 0, a: 0 })).toEqual(['B', 'a', 'b']);
  });

  it('rejects a non-finite score, naming the document', () => {
    expect(() => rankDocuments({ ok: 1, bad: Number.NaN })).toThrow(/document "bad"/);
    try {
      rankDocuments({ bad: Infinity });
    } catch (e) {
      expect(hasErrorCode(e, 'LOSSES_METRICS_INVALID_ARGUMENT')).toBe(true);
    }
  });
});

describe('nDCG@k (linear gain, log2(rank+1), ideal over all judged)', () => {
  it('uses graded gains and the ideal over every judged relevant doc', () => {
    const judgments = { a: 3, b: 2, c: 0, d: 1, e: 2 };
    // DCG = 0 + 3/log2(3) + 1/log2(4); IDCG@3 = 3 + 2/log2(3) + 2/log2(4)
    expect(ndcgAtK(['c', 'a', 'd', 'x'], judgments, 3)).toBeCloseTo(0.4547421415, 9);
  });

  it('keeps unretrieved relevant docs in the ideal when k exceeds the list', () => {
    expect(ndcgAtK(['a'], { a: 1, b: 1 }, 10)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAtK(['a', 'b'], new Map([['a', 1], ['b', 1]]), 10)).toBeCloseTo(1, 12);
  });

  it('is 0 without a relevant judgment, and ignores negative grades', () => {
    expect(ndcgAtK(['a', 'b'], { a: 0, b: -1 }, 10)).toBe(0);
    expect(ndcgAtK(['b', 'a'], { a: 1, b: -1 }, 10)).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('rejects k < 1 or a fractional k', () => {
    expect(() => ndcgAtK(['a'], { a: 1 }, 0)).toThrow(/k/);
    expect(() => ndcgAtK(['a'], { a: 1 }, 2.5)).toThrow(/integer/);
  });
});

describe('binary metrics', () => {
  const rel = { a: 1, b: 1, c: 1, z: 0 };

  it('Recall@k divides by all relevant judged docs', () => {
    expect(recallAtK(['x', 'a', 'y', 'b'], rel, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(['x', 'a', 'y', 'b'], rel, 10)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(['a'], { a: 0 }, 10)).toBe(0);
  });

  it('MRR@k is the reciprocal rank of the first relevant doc within k', () => {
    expect(reciprocalRankAtK(['x', 'z', 'a', 'b'], rel, 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAtK(['x', 'z', 'a'], rel, 2)).toBe(0);
    expect(reciprocalRankAtK([], rel, 10)).toBe(0);
  });

  it('Precision@k counts missing ranks as misses; AP@k divides by all relevant', () => {
    expect(precisionAtK(['a', 'x'], rel, 5)).toBeCloseTo(1 / 5, 12);
    expect(averagePrecisionAtK(['a', 'x', 'b'], rel, 10)).toBeCloseTo((1 + 2 / 3) / 3, 12);
    expect(averagePrecisionAtK(['a', 'x', 'b'], rel, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('honours the relevance threshold while nDCG keeps linear gains', () => {
    const graded = { a: 1, b: 2 };
    expect(recallAtK(['a', 'b'], graded, 1, { relevanceThreshold: 2 })).toBe(0);
    expect(recallAtK(['a', 'b'], graded, 2, { relevanceThreshold: 2 })).toBe(1);
    expect(reciprocalRankAtK(['a', 'b'], graded, 10, { relevanceThreshold: 2 })).toBe(0.5);
  });
});
