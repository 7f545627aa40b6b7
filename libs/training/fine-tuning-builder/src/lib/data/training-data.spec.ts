import { hasErrorCode, type ValidationError } from '@embedding-studio/errors';
import { indexTrainingData, type TrainingData } from './training-data.js';

const vectors = (ids: string[], dimension = 2) => ({ ids, dimension, data: new Float32Array(ids.length * dimension).fill(0.5) });
const base: TrainingData = {
  train: [{ queryId: 'q1', positives: ['a'], negatives: ['b', 'c'] }],
  test: [{ queryId: 'q2', positives: ['b'], negatives: ['a'] }],
  queries: vectors(['q1', 'q2']),
  items: vectors(['a', 'b', 'c']),
};

function issues(data: unknown): { field: string; message: string }[] {
  try {
    indexTrainingData(data as TrainingData);
  } catch (e) {
    expect(hasErrorCode(e, 'FINE_TUNING_INVALID_DATA')).toBe(true);
    return (e as ValidationError).issues;
  }
  throw new Error('expected FINE_TUNING_INVALID_DATA');
}

describe('indexTrainingData', () => {
  it('resolves ids to rows', () => {
    const d = indexTrainingData(base);
    expect(d.input).toBe('vectors');
    expect(d.dimension).toBe(2);
    expect(d.train[0]).toEqual({ query: 0, positives: Int32Array.from([0]), negatives: Int32Array.from([1, 2]), weight: 1 });
  });

  it('names unknown ids, duplicates, overlaps and bad weights', () => {
    const found = issues({
      ...base,
      train: [
        { queryId: 'nope', positives: [], negatives: [] },
        { queryId: 'q1', positives: ['a', 'a'], negatives: ['a', 'zz'] },
        { queryId: 'q1', positives: ['a'], negatives: ['b', 'b'], weight: -1 },
      ],
    });
    expect(found.map((i) => i.field)).toEqual(['data.train.0.queryId', 'data.train.1.negatives.1', 'data.train.2.negatives', 'data.train.2.weight']);
  });

  it('requires a trainable pair and a clicked test session', () => {
    const found = issues({ ...base, train: [{ queryId: 'q1', positives: ['a'], negatives: [] }], test: [{ queryId: 'q2', positives: [], negatives: ['a'] }] });
    expect(found.map((i) => i.field)).toEqual(['data.train', 'data.test']);
  });

  it('checks table shapes and that both tables hold the same kind of input', () => {
    expect(issues({ ...base, items: { ids: ['a'], dimension: 2, data: new Float32Array(3) } })).toEqual([
      { field: 'data.items.data', message: 'holds 3 values but ids.length × dimension = 2' },
    ]);
    expect(issues({ ...base, items: { ids: ['a', 'b', 'c'], texts: ['x', 'y', 'z'] } })[0]?.field).toBe('data.items');
    expect(issues({ ...base, items: vectors(['a', 'b', 'c'], 3) })[0]?.field).toBe('data.items.dimension');
    expect(issues({ ...base, queries: { ids: ['q1', 'q1'], dimension: 2, data: new Float32Array(4) } })[0]?.field).toBe('data.queries.ids.1');
  });
});
