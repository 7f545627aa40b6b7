import { assertNoEvalLeak, normaliseQueryText, removeEvalQueries } from './eval-guard.js';
import { buildQuerySets } from './query-sets.js';
import { makeQuerySplit } from './query-split.js';

const q = (id: string, text: string) => ({ id, text });

describe('removeEvalQueries', () => {
  it('drops click-pool queries sharing an id or a normalised text with an evaluation query', () => {
    const pool = [q('1', 'Aspirin lowers risk.'), q('2', 'Statins  work'), q('3', 'unrelated claim')];
    const evalSet = [q('1', 'something else'), q('9', 'statins work')];
    const r = removeEvalQueries(pool, evalSet);
    expect(r.kept).toEqual([q('3', 'unrelated claim')]);
    expect(r.removed).toEqual([
      { id: '1', reason: 'id' },
      { id: '2', reason: 'text' },
    ]);
  });

  it('normalises case and whitespace', () => {
    expect(normaliseQueryText('  A  b\tC \n')).toBe('a b c');
  });
});

describe('assertNoEvalLeak', () => {
  const evalSet = [q('e1', 'Eval claim one')];

  it('passes when nothing overlaps', () => {
    expect(() => assertNoEvalLeak({ ids: ['p1'], texts: ['pool claim'] }, evalSet, 'the click pool')).not.toThrow();
  });

  it('throws BENCH_EVAL_LEAK on an evaluation id or text', () => {
    const leak = expect.objectContaining({ code: 'BENCH_EVAL_LEAK' });
    expect(() => assertNoEvalLeak({ ids: ['e1'] }, evalSet, 'the click pool')).toThrow(leak);
    expect(() => assertNoEvalLeak({ texts: ['eval CLAIM one'] }, evalSet, 'training')).toThrow(leak);
  });
});

describe('buildQuerySets', () => {
  const texts = Array.from({ length: 50 }, (_, i) => q(`q${i}`, `claim number ${i}`));
  const qrels = new Map(texts.map((t) => [t.id, new Map([[`d${t.id}`, 1]])]));
  const split = makeQuerySplit(texts.map((t) => t.id));

  it('dev mode: click pool and dev from the split', () => {
    const s = buildQuerySets({ datasetQueries: texts, datasetQrels: qrels, split });
    expect(s.headline).toBe('dev');
    expect(s.clickPool.map((x) => x.id)).toEqual(split.clickPool);
    expect(s.dev.map((x) => x.id)).toEqual(split.dev);
    expect(s.removed).toEqual([]);
  });

  it('removes a click-pool query whose text equals a dev query text', () => {
    const devId = split.dev[0] as string;
    const poolId = split.clickPool[0] as string;
    const dupTexts = texts.map((t) => (t.id === poolId ? q(poolId, `CLAIM number ${devId.slice(1)}`) : t));
    const s = buildQuerySets({ datasetQueries: dupTexts, datasetQrels: qrels, split });
    expect(s.clickPool.map((x) => x.id)).not.toContain(poolId);
    expect(s.removed).toEqual([{ id: poolId, from: 'click-pool', reason: 'text' }]);
  });

  it('eval mode: evaluated queries are exactly those judged in --eval-qrels, and never click', () => {
    const poolIds = split.clickPool.slice(0, 3);
    // the eval queries file also lists click-pool queries; only the judged ones are evaluated
    const evalQueries = [...texts.slice(0, 50), q('t1', 'held out claim'), q('t2', 'claim number 7')];
    const evalQrels = new Map([
      ['t1', new Map([['dx', 1]])],
      ['t2', new Map([['dy', 1]])],
      [poolIds[0] as string, new Map([['dz', 1]])],
      ['t3', new Map([['dz', 0]])], // judged but nothing relevant: not evaluated
    ]);
    const s = buildQuerySets({ datasetQueries: texts, datasetQrels: qrels, split, evalQueries, evalQrels });
    expect(s.headline).toBe('eval');
    expect(s.evalQueries.map((x) => x.id).sort()).toEqual([poolIds[0], 't1', 't2'].sort());
    const poolSet = new Set(s.clickPool.map((x) => x.id));
    expect(poolSet.has(poolIds[0] as string)).toBe(false); // same id
    const from7 = split.clickPool.includes('q7') ? 'click-pool' : 'dev';
    expect(s.removed).toEqual(expect.arrayContaining([{ id: poolIds[0], from: 'click-pool', reason: 'id' }, { id: 'q7', from: from7, reason: 'text' }]));
    expect(s.clickPool.some((x) => x.id === 'q7')).toBe(false); // same text as t2
    expect(() => assertNoEvalLeak({ ids: [...poolSet], texts: s.clickPool.map((x) => x.text) }, s.evalQueries, 'pool')).not.toThrow();
  });

  it('click-qrels mode: the click pool is every judged query of the file, dev carved with the fixed seed', () => {
    const clickQrels = new Map(texts.slice(0, 20).map((t) => [t.id, new Map([['d', 1]])]));
    const s = buildQuerySets({ datasetQueries: texts, datasetQrels: qrels, clickQrels });
    const carved = makeQuerySplit(texts.slice(0, 20).map((t) => t.id));
    expect(s.clickPool.map((x) => x.id)).toEqual(carved.clickPool);
    expect(s.dev.map((x) => x.id)).toEqual(carved.dev);
    expect(s.qrels).toBe(clickQrels);
  });

  it('fails clearly when a judged eval query has no text anywhere', () => {
    const evalQrels = new Map([['ghost', new Map([['d', 1]])]]);
    expect(() => buildQuerySets({ datasetQueries: texts, datasetQrels: qrels, split, evalQrels })).toThrow(
      expect.objectContaining({ code: 'BENCH_DATASET_INVALID' }),
    );
  });
});
