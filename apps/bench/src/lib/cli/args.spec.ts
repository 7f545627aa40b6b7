import { DEFAULT_DATASET, parseArgs, parseBudget, parseParams } from './args.js';

const invalid = expect.objectContaining({ code: 'BENCH_INVALID_ARGUMENT' });

describe('parseArgs', () => {
  it('has protocol defaults', () => {
    const a = parseArgs([]);
    expect(a).toMatchObject({
      dataset: DEFAULT_DATASET,
      settings: ['S1'],
      budgets: [5000],
      systems: ['B0', 'P', 'C-pop', 'C-rand', 'O', 'F'],
      seeds: 10,
      cache: true,
      seen: true,
      params: {},
      smoke: false,
      writeSplit: false,
    });
    expect(a.out).toBeUndefined();
  });

  it('parses comma lists, k-suffixed budgets, = and space forms', () => {
    const a = parseArgs(['--setting', 's1,S3', '--budget=1k,5000,20K', '--systems', 'b0,P,c-pop', '--seeds', '3', '--out', 'x/y', '--no-cache']);
    expect(a.settings).toEqual(['S1', 'S3']);
    expect(a.budgets).toEqual([1000, 5000, 20000]);
    expect(a.systems).toEqual(['B0', 'P', 'C-pop']);
    expect(a.seeds).toBe(3);
    expect(a.out).toBe('x/y');
    expect(a.cache).toBe(false);
  });

  it('takes the evaluation and click-pool files', () => {
    const a = parseArgs(['--eval-queries', 'q.jsonl', '--eval-qrels', 'test.tsv', '--click-qrels', 'train.tsv']);
    expect(a).toMatchObject({ evalQueries: 'q.jsonl', evalQrels: 'test.tsv', clickQrels: 'train.tsv' });
  });

  it('takes plan hyperparameters for dev comparisons, and the held-out carve', () => {
    const a = parseArgs(['--params', 'learningRate=2e-4, temperature=0.05,steep=true', '--write-held-out', 'x']);
    expect(a.params).toEqual({ learningRate: 2e-4, temperature: 0.05, steep: true });
    expect(a.writeHeldOut).toBe('x');
    expect(parseParams('')).toEqual({});
    expect(() => parseArgs(['--params', 'speed=3'])).toThrow(invalid);
    expect(() => parseArgs(['--params', 'learningRate=fast'])).toThrow(invalid);
    expect(() => parseArgs(['--params', 'learningRate'])).toThrow(invalid);
    expect(() => parseArgs(['--early-stopping', 'clicks'])).toThrow(invalid);
    expect(() => parseArgs(['--lr', '1e-3'])).toThrow(invalid);
  });

  it('rejects bad input with BENCH_INVALID_ARGUMENT', () => {
    expect(() => parseArgs(['--via-api', '--item-fields', 'body'])).toThrow(invalid);
    expect(() => parseArgs(['--seeds', '0'])).toThrow(invalid);
    expect(() => parseArgs(['--budget', 'many'])).toThrow(invalid);
    expect(() => parseArgs(['--setting', 'S9'])).toThrow(invalid);
    expect(() => parseArgs(['--systems', 'P,Q'])).toThrow(invalid);
    expect(() => parseArgs(['--frobnicate'])).toThrow(invalid);
    expect(() => parseArgs(['--out'])).toThrow(invalid);
    expect(() => parseArgs(['--out', '--smoke'])).toThrow(invalid);
    expect(() => parseArgs(['positional'])).toThrow(invalid);
    expect(() => parseArgs(['--smoke=yes'])).toThrow(invalid);
    expect(() => parseArgs(['--eval-queries', 'q.jsonl'])).toThrow(/--eval-qrels/);
  });

  it('parseBudget', () => {
    expect(parseBudget('5k')).toBe(5000);
    expect(parseBudget('1.5k')).toBe(1500);
    expect(() => parseBudget('0')).toThrow(invalid);
    expect(() => parseBudget('1.5')).toThrow(invalid);
  });
});
