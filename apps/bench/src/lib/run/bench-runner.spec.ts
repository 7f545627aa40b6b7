import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { Learner, LearnerTrainOptions } from '../learners/learner.js';
import { createBagOfWordsModel, syntheticDataset } from '../smoke/synthetic.js';
import { buildQuerySets } from '../split/query-sets.js';
import { makeQuerySplit } from '../split/query-split.js';
import { createVectorTable } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';
import { runBenchmark } from './bench-runner.js';
import type { BenchData } from './bench-runner.js';

async function embed(texts: string[], ids: string[]): Promise<VectorTable> {
  const m = await createBagOfWordsModel(16).embedItems(texts);
  return createVectorTable(ids, m.data, 16);
}

interface Call {
  sessions: readonly SessionWithEvents[];
  queryIds: readonly string[];
  options: LearnerTrainOptions;
}

/** A learner that records what it was given and returns the identity. */
function recordingLearner(): Learner & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    id: 'recording',
    calls,
    async train(input, options) {
      calls.push({ sessions: input.sessions, queryIds: input.queries.ids, options });
      return {
        dimension: input.items.dimension,
        apply: (q) => q,
        dispose: () => undefined,
        summary: { epochsRun: 1, bestEpoch: 1, bestValidation: 0, selectedBy: 'none', pairs: input.sessions.length, history: [] },
      };
    },
  };
}

describe('runBenchmark', () => {
  const ds = syntheticDataset({ topics: 6, facets: 5, queries: 20 });
  const split = makeQuerySplit(ds.queries.map((q) => q.id));
  // eval queries: 4 held-out claims, one of them sharing its text with a click-pool query
  const poolVictim = ds.queries.find((q) => q.id === split.clickPool[0]) as { id: string; text: string };
  const evalQueries = [
    { id: 'e1', text: 'topic0a facet1a held out' },
    { id: 'e2', text: poolVictim.text },
  ];
  const evalQrels = new Map([
    ['e1', new Map([['d0001', 1]])],
    ['e2', new Map([['d0002', 1]])],
  ]);

  async function data(evalMode: boolean): Promise<BenchData> {
    const sets = buildQuerySets({ datasetQueries: ds.queries, datasetQrels: ds.qrels, split, ...(evalMode ? { evalQueries, evalQrels } : {}) });
    const all = new Map<string, string>();
    for (const q of [...sets.clickPool, ...sets.dev, ...sets.evalQueries]) all.set(q.id, q.text);
    const qIds = [...all.keys()];
    return {
      corpus: await embed(ds.corpus.map((d) => d.text), ds.corpus.map((d) => d.id)),
      documents: new Map(ds.corpus.map((d) => [d.id, d.text])),
      queries: await embed(qIds.map((id) => all.get(id) as string), qIds),
      clickPool: sets.clickPool,
      dev: sets.dev,
      evalQueries: sets.evalQueries,
      qrels: sets.qrels,
      evalQrels: sets.evalQrels,
      modelSha: 'm',
      corpusSha: 'c',
    };
  }

  it('emits one row per (split, setting, budget, seed, system), B0 identical across seeds', async () => {
    const learner = recordingLearner();
    const rows = await runBenchmark(
      { dataset: 'syn', headlineSplit: 'dev', settings: ['S1', 'S3'], budgets: [50, 20], systems: ['B0', 'P', 'C-pop', 'C-rand', 'O'], seeds: [1, 2] },
      await data(false),
      { learner, log: () => undefined },
    );
    expect(rows).toHaveLength(2 * 2 * 2 * 5 * 2);
    const b0 = rows.filter((r) => r.system === 'B0' && r.split === 'dev');
    expect(new Set(b0.map((r) => r.ndcg10)).size).toBe(1);
    const p20 = rows.find((r) => r.system === 'P' && r.budget === 20 && r.seed === 1 && r.setting === 'S1');
    expect(p20?.sessions).toBe(20);
    const crand = rows.find((r) => r.system === 'C-rand' && r.budget === 20 && r.seed === 1 && r.setting === 'S1');
    expect(crand?.clicks).toBe(p20?.clicks);
    // P, C-rand per (seed, setting, budget) and O once per seed
    expect(learner.calls).toHaveLength(2 * 2 * 2 * 2 + 2);
    // the learner gets sessions as the clickstream service stores them, and only click-pool query vectors
    const d = await data(false);
    const pCall = learner.calls[1] as Call;
    expect(pCall.sessions).toHaveLength(20);
    expect(pCall.sessions[0]).toMatchObject({ batch_id: expect.any(String), session_number: 1, is_irrelevant: false });
    for (const call of learner.calls) expect([...call.queryIds].sort()).toEqual([...new Set(d.clickPool.map((q) => q.text.trim()))].sort());
    // O's sessions: every judged relevant doc of a click-pool query is clicked
    const oCall = learner.calls[0] as Call;
    const poolQ = d.clickPool.find((q) => (d.qrels.get(q.id)?.size ?? 0) > 0) as { id: string; text: string };
    const oSession = oCall.sessions.find((s) => s.search_query === poolQ.text);
    expect(oSession?.events.map((e) => e.object_id).sort()).toEqual([...(d.qrels.get(poolQ.id)?.keys() ?? [])].sort());
    expect(rows.find((r) => r.system === 'C-pop')?.details['w']).toBeDefined();
    // never-clicked queries are listed for click-based systems only, and are a subset of the evaluated queries
    const pRow = rows.find((r) => r.system === 'P' && r.split === 'dev' && r.budget === 50) as (typeof rows)[number];
    expect(pRow.unclicked_queries).toBeDefined();
    for (const q of pRow.unclicked_queries ?? []) expect(Object.keys(pRow.per_query)).toContain(q);
    expect(rows.find((r) => r.system === 'B0')?.unclicked_queries).toBeUndefined();
    expect(rows.find((r) => r.system === 'C-rand')?.unclicked_queries).toBeUndefined();
  });

  it('F re-ranks B0 with the click log, trains nothing, and says which evaluated queries the log has seen', async () => {
    const learner = recordingLearner();
    const d = await data(false);
    const rows = await runBenchmark({ dataset: 'syn', headlineSplit: 'dev', settings: ['S1'], budgets: [400], systems: ['B0', 'F'], seeds: [1] }, d, {
      learner,
      log: () => undefined,
    });
    expect(learner.calls).toHaveLength(0);
    const f = (split: string): (typeof rows)[number] => rows.find((r) => r.system === 'F' && r.split === split) as (typeof rows)[number];
    const b0 = (split: string): (typeof rows)[number] => rows.find((r) => r.system === 'B0' && r.split === split) as (typeof rows)[number];
    const pool = f('click-pool');
    expect(pool.train_s).toBe(0);
    expect(pool.sessions).toBe(400);
    expect(pool.details['seen']).toBe(Object.keys(pool.per_query).length);
    expect(f('dev').details['seen']).toBe(0);
    expect(Number(f('dev').details['near']) + Number(f('dev').details['unseen'])).toBe(Object.keys(f('dev').per_query).length);
    // S1 clicks every examined relevant result: on the queries that were clicked, F beats B0
    expect(pool.ndcg10).toBeGreaterThan(b0('click-pool').ndcg10);
  });

  it('eval mode: neither evaluation nor dev queries reach the learner', async () => {
    const d = await data(true);
    expect(d.clickPool.some((q) => q.id === poolVictim.id)).toBe(false);
    const learner = recordingLearner();
    const rows = await runBenchmark(
      { dataset: 'syn', headlineSplit: 'eval', settings: ['S1'], budgets: [200], systems: ['P', 'C-rand', 'O'], seeds: [1] },
      d,
      { learner, log: () => undefined },
    );
    const protectedTexts = new Set([...d.evalQueries, ...d.dev].map((q) => q.text));
    expect(learner.calls).toHaveLength(3);
    for (const call of learner.calls) {
      for (const s of call.sessions) expect(protectedTexts.has(s.search_query)).toBe(false);
      for (const id of call.queryIds) expect(protectedTexts.has(id)).toBe(false);
    }
    const evalRows = rows.filter((r) => r.split === 'eval');
    expect(evalRows).toHaveLength(3);
    for (const r of evalRows) expect(Object.keys(r.per_query).sort()).toEqual(['e1', 'e2']);
  });

  it('refuses a click pool that contains an evaluation query (BENCH_EVAL_LEAK)', async () => {
    const d = await data(true);
    const leaky = { ...d, clickPool: [...d.clickPool, { id: 'x', text: 'TOPIC0A facet1a  held out' }] };
    await expect(
      runBenchmark({ dataset: 'syn', headlineSplit: 'eval', settings: ['S1'], budgets: [10], systems: ['P'], seeds: [1] }, leaky, {
        learner: recordingLearner(),
        log: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'BENCH_EVAL_LEAK' });
  });
});
