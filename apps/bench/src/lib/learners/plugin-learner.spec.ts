import { jest } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { DefaultFineTuningMethod } from '@embedding-studio/default-fine-tuning-method';
import { FineTuningBuilder } from '@embedding-studio/fine-tuning-builder';
import { createVectorTable } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';
import { SHIPPED_METHOD, cachedVectors, corpusLoader, createPluginLearner, withRank } from './plugin-learner.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterEach(() => jest.restoreAllMocks());

const N = 10; // queries 0..9; items e0..e19
const M = N + 1; // dimension: one per topic, plus a "what users click" direction
const item = (i: number): string => `e${i}`;

/** e(2k) is topic k; e(2k+1) is topic k plus the direction users click. */
function items(): VectorTable {
  const data = new Float32Array(2 * N * M);
  for (let k = 0; k < N; k++) {
    data[2 * k * M + k] = 1;
    data[(2 * k + 1) * M + k] = 1;
    data[(2 * k + 1) * M + N] = 1;
  }
  return createVectorTable(Array.from({ length: 2 * N }, (_, i) => item(i)), data, M);
}

/** Query k is topic k: closest to e(2k), but users click e(2k+1) (a pattern that carries over to held-out items). */
function queries(): VectorTable {
  const data = new Float32Array(N * M);
  for (let k = 0; k < N; k++) data[k * M + k] = 1;
  return createVectorTable(Array.from({ length: N }, (_, k) => `query ${k}`), data, M);
}

function sessions(perQuery: number): SessionWithEvents[] {
  const out: SessionWithEvents[] = [];
  for (let k = 0; k < N; k++) {
    for (let s = 0; s < perQuery; s++) {
      out.push(aSessionWithEvents({ id: `q${k}-${s}`, query: `query ${k}`, results: [item(2 * k), item(2 * k + 1), item((2 * k + 2) % (2 * N))], clicks: [item(2 * k + 1)] }));
    }
  }
  return out;
}

const documents = new Map(Array.from({ length: 2 * N }, (_, i) => [item(i), `document ${i}`] as const));

describe('the benchmark learner is the shipped default fine-tuning method', () => {
  it('is the plugin class users load, not a copy', () => {
    expect(SHIPPED_METHOD).toBe(DefaultFineTuningMethod);
    expect(createPluginLearner().id).toMatch(/^Default Fine Tuning Method /);
  });

  it("trains through the plugin's getFineTuningBuilder, with the protocol's seed, and learns the clicked items", async () => {
    const prepare = jest.spyOn(DefaultFineTuningMethod.prototype, 'getFineTuningBuilder');
    const log = sessions(12);
    // A large step so that a few epochs on 120 sessions move the adapter visibly.
    const learner = createPluginLearner({ method: { epochs: 8, batchSize: 16 }, params: { learningRate: 0.05 } });
    const adapter = await learner.train({ sessions: log, items: items(), documents, queries: queries() }, { seed: 7 });
    try {
      expect(prepare).toHaveBeenCalledTimes(1);
      expect(prepare.mock.calls[0]?.[0]).toBe(log);
      expect((prepare.mock.instances[0] as unknown as DefaultFineTuningMethod).settings.seed).toBe(7);
      expect(adapter.summary.selectedBy).toMatch(/^train_loss /);
      expect(adapter.summary.pairs).toBeGreaterThan(0);

      const q = queries();
      const adapted = adapter.apply(q);
      const it = items();
      const score = (t: VectorTable, k: number, i: number): number => {
        let s = 0;
        for (let j = 0; j < M; j++) s += (t.data[k * M + j] as number) * (it.data[i * M + j] as number);
        return s;
      };
      let before = 0;
      let after = 0;
      for (let k = 0; k < N; k++) {
        if (score(q, k, 2 * k + 1) > score(q, k, 2 * k)) before++;
        if (score(adapted, k, 2 * k + 1) > score(adapted, k, 2 * k)) after++;
      }
      expect(before).toBe(0);
      expect(after).toBeGreaterThanOrEqual(N / 2);
    } finally {
      adapter.dispose();
    }
  }, 60_000);

  it('looks up only click-pool query texts and corpus docs', async () => {
    const vectors = cachedVectors(items(), queries());
    await expect(vectors.embedQueries(['query 1', 'an evaluation query'])).rejects.toMatchObject({ code: 'BENCH_INVALID_ARGUMENT' });
    const m = await vectors.embedItems([{ id: 'e3', text: 'ignored' }]);
    expect(Array.from(m.data)).toEqual(Array.from(items().data.subarray(3 * M, 4 * M)));
    const loaded = await corpusLoader(documents).load(['e1', 'nope']);
    expect([...loaded.values()]).toEqual([{ id: 'e1', text: 'document 1' }]);
  });

  it('--params rank=R swaps the full linear adapter for a low-rank residual adapter on the same side; other plans are left alone', () => {
    const linear = FineTuningBuilder.create().linearAdapter({ side: 'query' }).infoNceLoss({ temperature: 0.1 }).build();
    expect(withRank(linear, { rank: 8 }).model).toEqual({ kind: 'low-rank-residual-adapter', side: 'query', rank: 8 });
    expect(withRank(linear, { learningRate: 0.01 })).toBe(linear);
    const lowRank = FineTuningBuilder.create().lowRankAdapter({ rank: 4 }).infoNceLoss({ temperature: 0.1 }).build();
    expect(withRank(lowRank, { rank: 8 })).toBe(lowRank);
  });
});
