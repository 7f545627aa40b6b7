import { prepareRankingDataset } from '@embedding-studio/data-loaders';
import { corpusLoader } from '../learners/plugin-learner.js';
import { judgmentSessions } from './judgment-sessions.js';

describe('judgmentSessions (the skyline O)', () => {
  it('shows the deployed top-10 then the missed relevant docs, and clicks every relevant doc', async () => {
    const sessions = judgmentSessions([
      { id: 'q1', text: 'alpha', shown: ['a', 'b', 'c'], relevant: new Set(['e', 'b']) },
      { id: 'q2', text: 'beta', shown: ['a'], relevant: new Set() },
    ]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.search_results.map((r) => [r.object_id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['e', 4],
    ]);
    const documents = new Map(['a', 'b', 'c', 'd', 'e'].map((id) => [id, `doc ${id}`]));
    const ds = await prepareRankingDataset(sessions, { loader: corpusLoader(documents), split: { testSize: 0 } });
    expect(ds.train.examples.map((e) => [e.query, e.positives.map((p) => p.id), e.negatives.map((n) => n.id)])).toEqual([['alpha', ['b', 'e'], ['a', 'c']]]);
  });
});
