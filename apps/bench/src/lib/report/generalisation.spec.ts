import type { Qrels } from '@embedding-studio/click-simulation';
import { generalisationRows, generalisationTable, unseenGroups } from './generalisation.js';
import { perQueryRow } from './rows.testing.js';

const row = perQueryRow;

const qrels = (entries: Record<string, string[]>): Qrels => new Map(Object.entries(entries).map(([q, docs]) => [q, new Map(docs.map((d) => [d, 1]))]));

describe('unseenGroups', () => {
  it('puts a query with a relevant doc of the click pool in unseen-shared, the others in unseen-disjoint, and skips unjudged ones', () => {
    const pool = qrels({ p1: ['d1', 'd2'], p2: ['d3'] });
    const head = qrels({ h1: ['d9', 'd3'], h2: ['d8'], h3: [] });
    const groups = unseenGroups(['h1', 'h2', 'h3', 'h4'], head, ['p1', 'p2'], pool);
    expect([...groups]).toEqual([
      ['h1', 'unseen-shared'],
      ['h2', 'unseen-disjoint'],
    ]);
  });

  it('counts only docs of the given click-pool ids, not every judged query of its qrels', () => {
    const pool = qrels({ p1: ['d1'], other: ['d2'] });
    const groups = unseenGroups(['h'], qrels({ h: ['d2'] }), ['p1'], pool);
    expect(groups.get('h')).toBe('unseen-disjoint');
  });
});

describe('generalisationRows', () => {
  const groups = new Map([
    ['a', 'unseen-shared' as const],
    ['b', 'unseen-shared' as const],
    ['c', 'unseen-disjoint' as const],
  ]);
  const base = { a: 0.5, b: 0.5, c: 0.2 };
  const rows = [
    row('B0', 1, base),
    row('B0', 2, base),
    row('P', 1, { a: 0.7, b: 0.9, c: 0.1 }),
    row('P', 2, { a: 0.6, b: 0.6, c: 0.3 }),
    row('B0', 1, { s: 0.4 }, 'click-pool'),
    row('B0', 2, { s: 0.4 }, 'click-pool'),
    row('P', 1, { s: 0.9 }, 'click-pool'),
    row('P', 2, { s: 0.7 }, 'click-pool'),
  ];

  it('gives seen, unseen-shared and unseen-disjoint rows with per-seed and per-query intervals', () => {
    const out = generalisationRows(rows, 'dev', groups);
    expect(out.map((r) => [r.system, r.group, r.queries])).toEqual([
      ['P', 'seen', 1],
      ['P', 'unseen-shared', 2],
      ['P', 'unseen-disjoint', 1],
    ]);
    const [seen, shared, disjoint] = out;
    expect(seen?.deltaSeeds.mean).toBeCloseTo(0.4); // (0.5 + 0.3) / 2
    expect(seen?.base).toBeCloseTo(0.4);
    // seed 1: (+0.2 + 0.4)/2 = +0.3; seed 2: +0.1 → mean +0.2 with a t-interval over 2 seeds
    expect(shared?.deltaSeeds.mean).toBeCloseTo(0.2);
    expect(shared?.deltaSeeds.n).toBe(2);
    expect(shared?.deltaSeeds.lo).toBeLessThan(0.2);
    // per query averaged over seeds: a +0.15, b +0.25 → mean +0.2
    expect(shared?.deltaBootstrap.mean).toBeCloseTo(0.2);
    expect(shared?.deltaBootstrap.lo).toBeGreaterThanOrEqual(0.15 - 1e-9);
    expect(shared?.deltaBootstrap.hi).toBeLessThanOrEqual(0.25 + 1e-9);
    // c: −0.1 and +0.1
    expect(disjoint?.deltaSeeds.mean).toBeCloseTo(0);
    expect(disjoint?.base).toBeCloseTo(0.2);
  });

  it('never mixes seen rows into the unseen groups (a query id in both splits counts once per split)', () => {
    const withClash = [...rows, row('B0', 1, { a: 0 }, 'click-pool')];
    const out = generalisationRows(withClash, 'dev', groups).filter((r) => r.group !== 'seen');
    expect(out.find((r) => r.group === 'unseen-shared')?.deltaSeeds.mean).toBeCloseTo(0.2);
  });

  it('renders one table line per row, labelling seen queries as memorisation', () => {
    const lines = generalisationTable(generalisationRows(rows, 'dev', groups));
    expect(lines).toHaveLength(5);
    expect(lines[2]).toContain('seen (click pool, memorisation)');
    expect(lines[4]).toContain('shares no relevant doc');
    expect(lines[3]).toContain('+0.2000 [');
    expect(generalisationTable([])).toEqual([]);
  });
});
