import { countOutcomes, creditSearch, judge, outcomesOf } from './credit.js';
import type { LoggedSearch, Outcome } from './model.js';

const search = (id: string, meta: Record<string, unknown> | null, clicks: string[], at = 1): LoggedSearch => ({
  search_id: id,
  query: 'q',
  created_at: at,
  results: ['a', 'b', 'c', 'd'].map((object_id, i) => ({ object_id, rank: i + 1 })),
  search_meta: meta,
  clicks,
});
const teams = { comparison: { id: 'docs.1', method: 'interleaving', teams: ['control', 'candidate', 'candidate', 'control'] } };

describe('creditSearch and outcomesOf', () => {
  it('credits the team with more distinct clicked results; equal counts and no clicks are ties', () => {
    const outcomes = outcomesOf(
      [
        search('s1', teams, ['b'], 1),
        search('s2', teams, ['a', 'a', 'b', 'd'], 2),
        search('s3', teams, ['a', 'b'], 3),
        search('s4', teams, [], 4),
        search('s5', teams, ['zz'], 5),
      ],
      'docs.1',
    );
    expect(outcomes.map((o) => (o.method === 'interleaving' ? o.winner : o))).toEqual(['candidate', 'control', 'tie', 'tie', 'tie']);
  });

  it('reads only searches marked with this comparison, in time order', () => {
    const other = { comparison: { ...teams.comparison, id: 'docs.2' } };
    const broken = { comparison: { id: 'docs.1', method: 'interleaving', teams: ['nobody'] } };
    const outcomes = outcomesOf([search('s2', teams, ['a'], 9), search('s1', teams, ['b'], 3), search('x', other, ['b']), search('y', null, ['b']), search('z', broken, ['a'])], 'docs.1');
    expect(outcomes).toEqual([
      { method: 'interleaving', winner: 'candidate' },
      { method: 'interleaving', winner: 'control' },
    ]);
  });

  it('credits an A/B search with whether its first page got a click', () => {
    const mark = { id: 'docs.1', method: 'ab' as const, arm: 'candidate' as const };
    expect(creditSearch(search('s', null, ['c']), mark)).toEqual({ method: 'ab', arm: 'candidate', clicked: true });
    expect(creditSearch(search('s', null, ['zz']), mark)).toEqual({ method: 'ab', arm: 'candidate', clicked: false });
  });
});

const wins = (candidate: number, control: number, ties = 0): Outcome[] => [
  ...Array.from({ length: candidate }, (): Outcome => ({ method: 'interleaving', winner: 'candidate' })),
  ...Array.from({ length: control }, (): Outcome => ({ method: 'interleaving', winner: 'control' })),
  ...Array.from({ length: ties }, (): Outcome => ({ method: 'interleaving', winner: 'tie' })),
];

/** The same outcomes spread evenly over time (so no early look sees a lopsided prefix). */
const spread = (candidate: number, control: number, ties = 0): Outcome[] => {
  const all = wins(candidate, control, ties);
  const n = all.length;
  return all.map((o, i) => ({ o, key: ((i * 37) % n) + i / n })).sort((a, b) => a.key - b.key).map((x) => x.o);
};

describe('countOutcomes', () => {
  it('counts wins, ties, the win rate with its Wilson interval and the sign test', () => {
    const c = countOutcomes(wins(60, 40, 7), 0.05);
    expect(c).toMatchObject({ queries: 107, wins_candidate: 60, wins_control: 40, ties: 7, win_rate: 0.6 });
    expect(c.ci?.[0]).toBeCloseTo(0.502, 3);
    expect(c.p_value).toBeCloseTo(0.05689, 4);
    expect(countOutcomes([], 0.05)).toMatchObject({ queries: 0, win_rate: null, ci: null, p_value: null });
  });

  it('for A/B, describes the candidate CTR minus the control CTR', () => {
    const ab: Outcome[] = [
      ...Array.from({ length: 70 }, (_, i): Outcome => ({ method: 'ab', arm: 'candidate', clicked: i < 56 })),
      ...Array.from({ length: 80 }, (_, i): Outcome => ({ method: 'ab', arm: 'control', clicked: i < 48 })),
    ];
    const c = countOutcomes(ab, 0.05);
    expect(c).toMatchObject({ queries: 150, wins_candidate: 0, wins_control: 0, ties: 0 });
    expect(c.win_rate).toBeCloseTo(0.2, 10);
    expect(c.ci?.[0]).toBeCloseTo(0.0524, 3);
  });
});

describe('judge (the stopping rule)', () => {
  const rule = { alpha: 0.05, min_queries: 20, max_queries: 100 };
  it('keeps running below min_queries whatever the split', () => {
    expect(judge(rule, wins(19, 0)).decision).toBeNull();
  });

  it('stops early only on overwhelming evidence, with the counters of the deciding look', () => {
    const v = judge(rule, [...wins(20, 0), ...wins(0, 30)]);
    expect(v.decision).toBe('candidate');
    expect(v.counts.queries).toBe(20);
    // 15 : 5 has p = 0.041: enough at a fixed horizon, not at an interim look (level 0.001).
    expect(judge(rule, wins(15, 5)).decision).toBeNull();
  });

  it('decides at max_queries at the remaining level, for either side, or no_difference', () => {
    expect(judge(rule, spread(35, 65)).decision).toBe('control');
    expect(judge(rule, spread(65, 35)).decision).toBe('candidate');
    expect(judge(rule, spread(50, 50)).decision).toBe('no_difference');
    expect(judge(rule, spread(45, 45, 20)).counts.queries).toBe(100);
  });
});
