import { parseQrels } from '@embedding-studio/click-simulation';
import { jaccard, poolOverlap } from './overlap.js';

describe('poolOverlap', () => {
  it('jaccard of word sets', () => {
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('near copies first, then a shared relevant doc, else none', () => {
    const qrels = parseQrels('query-id\tcorpus-id\tscore\np1\td1\t1\np2\td2\t1\ne1\td9\t1\ne2\td2\t1\ne3\td3\t1\ne4\td1\t0\n');
    const pool = [
      { id: 'p1', text: 'Mice defective for polymerase m reveal increased sensitivity to radiation.' },
      { id: 'p2', text: 'Aspirin lowers the risk of stroke.' },
    ];
    const evals = [
      // 10 of 11 distinct words shared with p1 (0.91 ≥ 0.6), although its relevant doc differs
      { id: 'e1', text: 'Mice defective for polymerase m fail to reveal increased sensitivity to radiation.' },
      { id: 'e2', text: 'Daily salicylate use prevents strokes in adults.' },
      { id: 'e3', text: 'Something unrelated.' },
      { id: 'e4', text: 'Also unrelated, d1 judged 0.' },
    ];
    expect(Object.fromEntries(poolOverlap(evals, qrels, pool, qrels))).toEqual({ e1: 'near-duplicate', e2: 'shared-doc', e3: 'none', e4: 'none' });
  });
});
