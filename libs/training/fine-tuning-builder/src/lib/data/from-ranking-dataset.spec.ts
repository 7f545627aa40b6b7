import type { Item, RankingDataset, RankingExample } from '@embedding-studio/data-loaders';
import type { EmbeddingMatrix } from '@embedding-studio/model-runtime';
import { textItemEncoder, toTrainingData, toTrainingExamples, type DatasetEncoder } from './from-ranking-dataset.js';
import { indexTrainingData } from './training-data.js';

function example(id: string, query: string, positives: Array<[string, number]>, negatives: string[]): RankingExample {
  return {
    exampleId: id,
    sessionId: id,
    query,
    positives: positives.map(([pid, weight], i) => ({ id: pid, rank: i + 1, position: i + 1, weight })),
    negatives: negatives.map((nid, i) => ({ id: nid, rank: 10 + i, position: 10 + i })),
    irrelevant: positives.length === 0,
    irrelevance: positives.length === 0 ? 'no-clicks' : null,
  };
}

/** Vectors of length 2: [text length, 1]. Records its calls. */
function lengthEncoder(): DatasetEncoder<Item> & { calls: string[][] } {
  const calls: string[][] = [];
  const embed = (texts: readonly string[]): Promise<EmbeddingMatrix> => {
    calls.push([...texts]);
    return Promise.resolve({ count: texts.length, dimension: 2, data: Float32Array.from(texts.flatMap((t) => [t.length, 1])) });
  };
  return { ...textItemEncoder({ id: 'len', version: '1', dimension: 2, embedQueries: embed, embedItems: embed }), calls };
}

const items = (ids: string[]): Map<string, Item> => new Map(ids.map((id) => [id, { id, text: `text of ${id}` }]));

function dataset(): RankingDataset {
  return {
    train: {
      examples: [example('s1', 'red shoes', [['a', 1]], ['b', 'c']), example('s2', 'red shoes', [['b', 1]], ['a'])],
      irrelevant: [example('s3', 'nothing', [], ['c'])],
    },
    test: { examples: [example('s4', 'warm hat', [['d', 1]], ['e'])], irrelevant: [example('s5', 'cold', [], ['e'])] },
    items: items(['a', 'b', 'c', 'd', 'e']),
    report: {} as RankingDataset['report'],
  };
}

describe('toTrainingData', () => {
  it('keys queries by text, trains on clicks only, tests on clicks then irrelevant sessions, embeds in batches', async () => {
    const encoder = lengthEncoder();
    const progress: number[] = [];
    const { data, report } = await toTrainingData(dataset(), { encoder, batchSize: 2, onProgress: (f) => progress.push(f) });
    expect(data.train).toEqual([
      { queryId: 'red shoes', positives: ['a'], negatives: ['b', 'c'] },
      { queryId: 'red shoes', positives: ['b'], negatives: ['a'] },
    ]);
    expect(data.test).toEqual([
      { queryId: 'warm hat', positives: ['d'], negatives: ['e'] },
      { queryId: 'cold', positives: [], negatives: ['e'] },
    ]);
    expect(data.queries.ids).toEqual(['red shoes', 'warm hat', 'cold']);
    expect(data.items.ids).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Array.from((data.items as { data: Float32Array }).data.subarray(0, 2))).toEqual(['text of a'.length, 1]);
    expect(encoder.calls).toEqual([['red shoes', 'warm hat'], ['cold'], ['text of a', 'text of b'], ['text of c', 'text of d'], ['text of e']]);
    expect(progress.at(-1)).toBe(1);
    expect(report).toEqual({ trainRows: 2, trainExamples: 2, testExamples: 1, testIrrelevant: 1, queries: 3, items: 5 });
    expect(() => indexTrainingData(data)).not.toThrow();
  });

  it('splits an example whose positives carry different IPS weights, and leaves weight 1 implicit', () => {
    expect(toTrainingExamples([example('x', 'q', [['a', 1], ['b', 1]], ['c']), example('y', 'q', [['a', 2], ['b', 0.5]], ['c'])])).toEqual([
      { queryId: 'q', positives: ['a', 'b'], negatives: ['c'] },
      { queryId: 'q', positives: ['a'], negatives: ['c'], weight: 2 },
      { queryId: 'q', positives: ['b'], negatives: ['c'], weight: 0.5 },
    ]);
  });

  it('stops with FINE_TUNING_CANCELLED when the signal aborts, and rejects encoder output of the wrong shape', async () => {
    const controller = new AbortController();
    controller.abort(new Error('worker stopping'));
    await expect(toTrainingData(dataset(), { encoder: lengthEncoder(), signal: controller.signal })).rejects.toMatchObject({ code: 'FINE_TUNING_CANCELLED' });
    const bad: DatasetEncoder<Item> = { ...lengthEncoder(), embedItems: (list) => Promise.resolve({ count: list.length, dimension: 3, data: new Float32Array(list.length * 3) }) };
    await expect(toTrainingData(dataset(), { encoder: bad })).rejects.toMatchObject({ code: 'FINE_TUNING_ENCODER_FAILED', message: expect.stringContaining('got 5 rows of 3') });
  });
});
