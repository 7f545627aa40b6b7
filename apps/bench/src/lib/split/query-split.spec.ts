import { createRng, shuffle } from '@embedding-studio/random';
import { makeQuerySplit, SPLIT_SEED, toSplitFile, validateSplitFile } from './query-split.js';

const ids = Array.from({ length: 809 }, (_, i) => String(i * 3));

describe('makeQuerySplit', () => {
  it('is deterministic and independent of the input order', () => {
    const a = makeQuerySplit(ids);
    const b = makeQuerySplit(shuffle(ids, createRng(5)));
    expect(b).toEqual(a);
    expect(makeQuerySplit([...ids, ...ids.slice(0, 10)])).toEqual(a); // duplicates ignored
  });

  it('gives dev round(20%) of the ids, disjoint from the click pool, together all of them', () => {
    const s = makeQuerySplit(ids);
    expect(s.dev).toHaveLength(162);
    expect(s.clickPool).toHaveLength(647);
    const pool = new Set(s.clickPool);
    expect(s.dev.some((id) => pool.has(id))).toBe(false);
    expect([...s.clickPool, ...s.dev].sort()).toEqual([...ids].sort());
    expect(s.dev).toEqual([...s.dev].sort());
  });

  it('changes with the seed', () => {
    expect(makeQuerySplit(ids, SPLIT_SEED + 1).dev).not.toEqual(makeQuerySplit(ids).dev);
  });

  it('rejects a dev fraction outside (0, 1)', () => {
    expect(() => makeQuerySplit(ids, 1, 1)).toThrow(expect.objectContaining({ code: 'BENCH_INVALID_ARGUMENT' }));
  });
});

describe('split file', () => {
  it('round-trips through validation', () => {
    const s = makeQuerySplit(ids);
    const file = toSplitFile('scifact', s);
    expect(file).toMatchObject({ dataset: 'scifact', seed: SPLIT_SEED, dev_fraction: 0.2, query_count: 809 });
    expect(validateSplitFile(JSON.parse(JSON.stringify(file)), ids)).toEqual(s);
  });

  it('rejects overlap, unknown ids and missing ids with BENCH_SPLIT_MISMATCH', () => {
    const file = toSplitFile('scifact', makeQuerySplit(ids));
    const mismatch = expect.objectContaining({ code: 'BENCH_SPLIT_MISMATCH' });
    expect(() => validateSplitFile({ ...file, dev: [...file.dev, file.click_pool[0] as string] }, ids)).toThrow(mismatch);
    expect(() => validateSplitFile({ ...file, dev: [...file.dev, 'nope'] }, ids)).toThrow(mismatch);
    expect(() => validateSplitFile({ ...file, dev: file.dev.slice(1) }, ids)).toThrow(mismatch);
  });
});
