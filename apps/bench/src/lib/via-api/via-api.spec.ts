import type { QuerySets } from '../split/query-sets.js';
import { renderViaApi, viaApiQueries } from './via-api.js';
import type { ViaApiRow } from './via-api.js';

const qrels = new Map([
  ['p1', new Map([['d1', 1], ['d2', 0]])],
  ['e1', new Map([['d3', 2]])],
  ['e2', new Map([['d4', 0]])],
]);
const sets: QuerySets = {
  headline: 'eval',
  clickPool: [{ id: 'p1', text: 'pool query' }],
  dev: [],
  evalQueries: [
    { id: 'e1', text: 'eval query' },
    { id: 'e2', text: 'unjudged eval query' },
  ],
  qrels,
  evalQrels: qrels,
  removed: [],
};

describe('viaApiQueries', () => {
  it('gives users the click pool with its relevant docs, and evaluates the headline queries with a relevant doc', () => {
    const { pool, heldOut } = viaApiQueries(sets);
    expect(pool).toEqual([{ id: 'p1', text: 'pool query', relevant: new Set(['d1']) }]);
    expect(heldOut).toEqual([{ id: 'e1', text: 'eval query', judgments: new Map([['d3', 2]]) }]);
  });
});

describe('renderViaApi', () => {
  const row = (seed: number, b0: number, p: number): ViaApiRow => ({
    setting: 'S1',
    budget: 1000,
    seed,
    split: 'eval',
    b0,
    p,
    per_query: { e1: { b0, p } },
    deploy: { by: 'auto', gate: null },
    versions: { before: 1, after: 2 },
    sessions: { beforeTask: 1000, total: 1100, byDeployed: 20 },
    task_s: 10,
  });

  it('shows B0 and P with t-intervals over seeds and the per-query bootstrap', () => {
    const md = renderViaApi([row(1, 0.5, 0.6), row(2, 0.5, 0.7)], { command: 'npm run bench -- --via-api', dataset: 'mini' });
    expect(md).toContain('## S1 1000 sessions, eval queries (1), seeds 1, 2');
    expect(md).toContain('| P (deployed adapter) | 0.6500 [');
    expect(md).toContain('| 0.1500 [-0.4853, 0.7853] | 0.1500 [0.1500, 0.1500] | auto, auto |');
  });
});
