import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { oracleExamples } from './examples.js';
import { sessionsToExamples } from './sessions-to-examples.js';

function session(id: string, query: string, shown: string[], clicked: string[]): SessionWithEvents {
  return {
    session_id: id,
    search_query: query,
    created_at: 1_700_000_000,
    search_results: shown.map((object_id, i) => ({ object_id, rank: i + 1, meta: null })),
    search_meta: null,
    user_id: null,
    is_irrelevant: false,
    batch_id: 'b',
    session_number: 1,
    events: clicked.map((object_id, i) => ({ event_id: `${id}-${i}`, session_id: id, object_id, event_type: 'click', created_at: 1_700_000_001, meta: null })),
  };
}

describe('sessionsToExamples (data-loaders)', () => {
  it('clicked results are positives, shown-not-clicked are negatives, sessions without clicks are dropped', () => {
    const out = sessionsToExamples([
      session('s1', 'alpha', ['a', 'b', 'c', 'd'], ['c', 'a']),
      session('s2', 'beta', ['e', 'f'], []),
      session('s3', 'gamma', ['g', 'h'], ['h']),
    ]);
    expect(out).toEqual([
      { queryText: 'alpha', positives: ['a', 'c'], negatives: ['b', 'd'] },
      { queryText: 'gamma', positives: ['h'], negatives: ['g'] },
    ]);
  });
});

describe('oracleExamples (skyline)', () => {
  it('positives = all judged relevant docs (shown or not), negatives = shown non-relevant', () => {
    const out = oracleExamples([
      { id: 'q1', text: 'alpha', shown: ['a', 'b', 'c'], relevant: new Set(['z', 'b']) },
      { id: 'q2', text: 'beta', shown: ['a'], relevant: new Set() },
    ]);
    expect(out).toEqual([{ queryText: 'alpha', positives: ['b', 'z'], negatives: ['a', 'c'] }]);
  });
});
