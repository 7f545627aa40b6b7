import { aggregate, changeShares, perQueryDeltas, skylineShare } from './aggregate.js';
import type { ReportRow, SystemId } from './rows.js';

function row(system: SystemId, seed: number, perQuery: Record<string, number>, extra: Partial<ReportRow> = {}): ReportRow {
  const values = Object.values(perQuery);
  return {
    dataset: 'd',
    split: 'dev',
    setting: 'S1',
    budget: 5000,
    seed,
    system,
    ndcg10: values.reduce((a, b) => a + b, 0) / values.length,
    recall10: 0.5,
    recall100: 0.9,
    mrr10: 0.4,
    per_query: perQuery,
    runtime_s: 2,
    train_s: 1,
    model_sha: 'm',
    corpus_sha: 'c',
    sessions: 5000,
    clicks: 100,
    details: {},
    ...extra,
  };
}

describe('report aggregation', () => {
  it('per-query deltas, change shares and skyline share', () => {
    const d = perQueryDeltas({ a: 0.5, b: 0.2 }, { a: 0.4, b: 0.3, c: 0.1 });
    expect([...d.keys()]).toEqual(['a', 'b', 'c']);
    expect(d.get('a')).toBeCloseTo(0.1, 12);
    expect(d.get('b')).toBeCloseTo(-0.1, 12);
    expect(d.get('c')).toBeCloseTo(-0.1, 12); // missing from the system: scored 0
    expect(changeShares([0.02, 0.01, -0.005, -0.3])).toEqual({ improved: 0.25, hurt: 0.25 });
    expect(skylineShare(0.62, 0.6, 0.68)).toBeCloseTo(0.25, 12);
    expect(skylineShare(0.62, 0.6, 0.6)).toBeUndefined();
  });

  it('summarises systems over seeds against B0 of the same seed', () => {
    const base = { q1: 0.5, q2: 0.5, q3: 0.2, q4: 0.8 }; // mean 0.5
    const rows = [
      row('B0', 1, base),
      row('B0', 2, base),
      row('B0', 3, base),
      row('P', 1, { q1: 0.6, q2: 0.5, q3: 0.2, q4: 0.8 }), // +0.025
      row('P', 2, { q1: 0.7, q2: 0.5, q3: 0.2, q4: 0.8 }), // +0.05
      row('P', 3, { q1: 0.5, q2: 0.5, q3: 0.5, q4: 0.7 }), // +0.05 (q3 +0.3, q4 −0.1)
      row('O', 1, { q1: 0.9, q2: 0.5, q3: 0.2, q4: 0.8 }), // +0.1
      row('O', 2, { q1: 0.9, q2: 0.5, q3: 0.2, q4: 0.8 }),
      row('O', 3, { q1: 0.9, q2: 0.5, q3: 0.2, q4: 0.8 }),
    ];
    const [g] = aggregate(rows, { resamples: 2000 });
    expect(g?.queries).toBe(4);
    const p = g?.systems.find((s) => s.system === 'P');
    // seed deltas 0.025, 0.05, 0.05 → mean 0.041667, s = 0.0144338, t(2) = 4.303
    expect(p?.deltaSeeds?.mean).toBeCloseTo(0.0416667, 6);
    const half = (4.303 * 0.0144338) / Math.sqrt(3);
    expect(p?.deltaSeeds?.lo).toBeCloseTo(0.0416667 - half, 5);
    // per-query deltas averaged over seeds: q1 (0.1+0.2+0)/3, q2 0, q3 0.1, q4 −0.0333
    expect(p?.deltaBootstrap?.mean).toBeCloseTo((0.1 + 0 + 0.1 - 1 / 30) / 4, 10);
    // shares per seed: seed1 1/4 up; seed2 1/4 up; seed3 1/4 up + 1/4 down
    expect(p?.improved).toBeCloseTo(0.25, 12);
    expect(p?.hurt).toBeCloseTo(1 / 12, 12);
    expect(g?.systems.find((s) => s.system === 'B0')?.deltaSeeds).toBeUndefined();
    // (P − B0)/(O − B0) = 0.0416667 / 0.1
    expect(g?.skylineShare).toBeCloseTo(0.416667, 5);
    expect(g?.systems.map((s) => s.system)).toEqual(['B0', 'P', 'O']);
  });

  it('keeps (split, setting, budget) groups apart and orders eval, dev, then click-pool', () => {
    const rows = [
      row('B0', 1, { a: 0.1 }, { split: 'click-pool' }),
      row('B0', 1, { a: 0.2 }, { budget: 1000 }),
      row('B0', 1, { a: 0.3 }),
      row('B0', 1, { a: 0.4 }, { split: 'eval' }),
    ];
    const groups = aggregate(rows);
    expect(groups.map((g) => `${g.split}/${g.budget}`)).toEqual(['eval/5000', 'dev/1000', 'dev/5000', 'click-pool/5000']);
  });

  it('averages P and C-pop deltas on the queries whose relevant docs were never clicked', () => {
    const base = { q1: 0.5, q2: 0.5, q3: 0.5 };
    const rows = [
      row('B0', 1, base),
      row('B0', 2, base),
      row('P', 1, { q1: 0.7, q2: 0.6, q3: 0.5 }, { unclicked_queries: ['q1', 'q2'] }), // +0.15 on the subset
      row('P', 2, { q1: 0.5, q2: 0.5, q3: 0.9 }, { unclicked_queries: ['q3'] }), // +0.4
      row('C-pop', 1, { q1: 0.5, q2: 0.5, q3: 0.9 }, { unclicked_queries: ['q1', 'q2'] }), // 0
      row('C-pop', 2, { q1: 0.5, q2: 0.5, q3: 0.4 }, { unclicked_queries: ['q3'] }), // −0.1
    ];
    const [g] = aggregate(rows, { resamples: 100 });
    expect(g?.unclicked?.queries).toBe(1.5);
    expect(g?.unclicked?.p).toBeCloseTo(0.275, 12);
    expect(g?.unclicked?.cpop).toBeCloseTo(-0.05, 12);
    expect(aggregate([row('B0', 1, base), row('P', 1, base)])[0]?.unclicked).toBeUndefined();
  });
});
