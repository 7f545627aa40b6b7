import { evaluateRun } from './metrics.js';
import type { Hit } from '../vectors/exact-search.js';

const qrel = (j: Map<string, number>) => new Map([['q', j]]);
const run = (ids: string[]) => new Map<string, Hit[]>([['q', ids.map((id, i) => ({ id, score: -i }))]]);
const ndcgAtK = (ids: string[], j: Map<string, number>, _k: number) => evaluateRun(run(ids), qrel(j), ['q']).mean.ndcg10;
const recallAtK = (ids: string[], j: Map<string, number>, k: 10 | 100) => {
  const m = evaluateRun(run(ids), qrel(j), ['q']).mean;
  return k === 10 ? m.recall10 : m.recall100;
};
const mrrAtK = (ids: string[], j: Map<string, number>, _k: number) => evaluateRun(run(ids), qrel(j), ['q']).mean.mrr10;

const j = (entries: Array<[string, number]>) => new Map(entries);

describe('metrics (trec_eval semantics)', () => {
  it('nDCG@10 with linear gain and log2(rank + 1) discount, ideal over all judged relevant docs', () => {
    // relevant a (1) at rank 2 and b (1) at rank 4; c relevant but not retrieved
    const judgments = j([
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['x', 0],
    ]);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAtK(['x', 'a', 'y', 'b'], judgments, 10)).toBeCloseTo(dcg / idcg, 12);
    expect(ndcgAtK(['a', 'b', 'c'], judgments, 10)).toBeCloseTo(1, 12);
    expect(ndcgAtK(['x', 'y'], judgments, 10)).toBe(0);
  });

  it('graded gains are linear', () => {
    const judgments = j([
      ['a', 2],
      ['b', 1],
    ]);
    // ranked b, a: dcg = 1 + 2/log2 3; ideal a, b: 2 + 1/log2 3
    expect(ndcgAtK(['b', 'a'], judgments, 10)).toBeCloseTo((1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)), 12);
  });

  it('cuts at k', () => {
    const ranked = Array.from({ length: 12 }, (_, i) => `n${i}`);
    ranked[10] = 'a';
    expect(ndcgAtK(ranked, j([['a', 1]]), 10)).toBe(0);
    expect(recallAtK(ranked, j([['a', 1]]), 10)).toBe(0);
    expect(recallAtK(ranked, j([['a', 1]]), 100)).toBe(1);
    expect(mrrAtK(ranked, j([['a', 1]]), 10)).toBe(0);
  });

  it('recall and MRR', () => {
    const judgments = j([
      ['a', 1],
      ['b', 1],
      ['z', 0],
    ]);
    expect(recallAtK(['z', 'b', 'q'], judgments, 10)).toBe(0.5);
    expect(mrrAtK(['z', 'q', 'b'], judgments, 10)).toBeCloseTo(1 / 3, 12);
  });

  it('evaluateRun averages over the listed queries; a query without a ranking scores 0', () => {
    const qrels = new Map([
      ['q1', j([['a', 1]])],
      ['q2', j([['b', 1]])],
    ]);
    const run = new Map([['q1', [{ id: 'a', score: 1 }]]]);
    const r = evaluateRun(run, qrels, ['q1', 'q2']);
    expect(r.perQuery.get('q1')?.ndcg10).toBe(1);
    expect(r.perQuery.get('q2')?.ndcg10).toBe(0);
    expect(r.mean).toEqual({ ndcg10: 0.5, recall10: 0.5, recall100: 0.5, mrr10: 0.5 });
  });
});
