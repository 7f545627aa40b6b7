import { distanceShift, ndcgAtK, rankOrder, reciprocalRank } from './ranking-metrics.js';

const rel = (set: number[]) => (i: number) => set.includes(i);

describe('ranking metrics', () => {
  it('ranks by score with pessimistic ties', () => {
    expect(rankOrder([0.5, 0.9, 0.5, 0.1], rel([0]))).toEqual([1, 2, 0, 3]);
  });

  it('nDCG@k with binary gains', () => {
    // positives 0 and 3; ranking 1,0,2,3 → DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3)
    const scores = [0.8, 0.9, 0.5, 0.4];
    expect(ndcgAtK(scores, rel([0, 3]), 10)).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAtK(scores, rel([0, 3]), 1)).toBe(0);
    expect(ndcgAtK(scores, rel([]), 10)).toBe(0);
  });

  it('reciprocal rank of the first relevant item', () => {
    expect(reciprocalRank([0.8, 0.9, 0.5], rel([2]))).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank([0.8, 0.8], rel([0]))).toBe(0.5);
  });

  it('DistanceShift: clicked items closer; failed searches farther', () => {
    expect(distanceShift([0.6, 0.5, 0.1], [0.4, 0.4, 0.3], 2)).toBeCloseTo((0.2 + 0.1) / 2, 12);
    expect(distanceShift([0.1, 0.5], [0.3, 0.4], 0)).toBeCloseTo((0.2 - 0.1) / 2, 12);
    expect(distanceShift([], [], 0)).toBeUndefined();
  });
});
