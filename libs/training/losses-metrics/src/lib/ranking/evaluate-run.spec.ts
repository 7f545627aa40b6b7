import { hasErrorCode } from '@embedding-studio/errors';
import { aQrels, runFromRankings } from '../testing/builders.js';
import { evaluateRanked, evaluateRun } from './evaluate-run.js';

describe('evaluateRun', () => {
  const qrels = {
    q1: { d1: 1, d5: 1 },
    q2: { d3: 2, d4: 0 },
    q3: { d9: 0 }, // no relevant doc: excluded from the means
  };
  const run = {
    q1: { d1: 0.9, d2: 0.8, d5: 0.1 },
    q2: { d4: 0.7, d3: 0.7 }, // tie: d3 before d4 (doc id asc)
    q3: { d9: 1 },
  };

  it('computes the protocol metrics per query and averages over judged queries', () => {
    const res = evaluateRun(run, qrels);
    // q1: ranking d1, d2, d5 → DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3)
    const q1ndcg = 1.5 / (1 + 1 / Math.log2(3));
    expect(res.perQuery['q1']?.ndcg10).toBeCloseTo(q1ndcg, 12);
    expect(res.perQuery['q1']?.recall10).toBe(1);
    expect(res.perQuery['q1']?.mrr10).toBe(1);
    expect(res.perQuery['q2']).toEqual({ ndcg10: 1, recall10: 1, recall100: 1, mrr10: 1 });
    expect(res.perQuery['q3']).toBeUndefined();
    expect(res.evaluated).toBe(2);
    expect(res.skipped).toEqual([{ queryId: 'q3', reason: 'no-relevant-judgments' }]);
    expect(res.mean.ndcg10).toBeCloseTo((q1ndcg + 1) / 2, 12);
    expect(res.mean.recall100).toBe(1);
  });

  it('breaks ties by doc id, ascending by default and descending on request', () => {
    const tie = { q: { b: 0.5, a: 0.5, c: 0.1 } };
    const judged = { q: { b: 1 } };
    expect(evaluateRun(tie, judged).mean.ndcg10).toBeCloseTo(1 / Math.log2(3), 12);
    expect(evaluateRun(tie, judged, { tieBreak: 'doc-id-desc' }).mean.ndcg10).toBe(1);
  });

  it('scores a judged query missing from the run as 0, or skips it on request', () => {
    const r = { q1: run.q1 };
    const zero = evaluateRun(r, qrels);
    expect(zero.perQuery['q2']).toEqual({ ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0 });
    expect(zero.evaluated).toBe(2);
    const skip = evaluateRun(r, qrels, { missingQueries: 'skip' });
    expect(skip.evaluated).toBe(1);
    expect(skip.skipped).toContainEqual({ queryId: 'q2', reason: 'not-in-run' });
  });

  it('takes a custom metric list and query subset, typed by key', () => {
    const res = evaluateRun(run, qrels, { metrics: ['precision@2', 'map@10', 'ndcg@1'], queryIds: ['q1', 'q1'] });
    expect(res.mean).toEqual({ precision2: 0.5, map10: (1 + 2 / 3) / 2, ndcg1: 1 });
    expect(res.evaluated).toBe(1);
  });

  it('accepts Maps and ranked runs (duplicates count once)', () => {
    const ranked = new Map([['q1', ['d2', 'd2', 'd1']]]);
    const res = evaluateRanked(ranked, new Map([['q1', new Map([['d1', 1]])]]), { metrics: ['mrr@10', 'recall@2'] });
    expect(res.mean).toEqual({ mrr10: 0.5, recall2: 1 });
  });

  it('agrees with rankings built by the testing helper', () => {
    const res = evaluateRun(runFromRankings({ q: ['x', 'y', 'r'] }), aQrels({ q: ['r'] }));
    expect(res.mean.mrr10).toBeCloseTo(1 / 3, 12);
  });

  it('throws a clear error when nothing is judged relevant, and on bad metric specs', () => {
    let caught: unknown;
    try {
      evaluateRun(run, { q3: { d9: 0 } });
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, 'LOSSES_METRICS_NO_JUDGED_QUERIES')).toBe(true);
    expect(() => evaluateRun(run, qrels, { metrics: ['ndcg@0' as 'ndcg@1'] })).toThrow(/ndcg@10/);
    expect(() => evaluateRun(run, qrels, { metrics: [] })).toThrow(/at least one/);
  });
});
