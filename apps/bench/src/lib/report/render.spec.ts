import { aggregate } from './aggregate.js';
import { checks, formatDelta, formatInterval, renderMarkdown } from './markdown.js';
import type { ReportRow, SystemId } from './rows.js';
import { learningCurveSvg } from './svg.js';

const row = (system: SystemId, seed: number, budget: number, v: number, split: ReportRow['split'] = 'dev'): ReportRow => ({
  dataset: 'd',
  split,
  setting: 'S1',
  budget,
  seed,
  system,
  ndcg10: v,
  recall10: v,
  recall100: v,
  mrr10: v,
  per_query: { a: v, b: v },
  runtime_s: 1,
  train_s: 0.5,
  model_sha: 'm'.repeat(40),
  corpus_sha: 'c'.repeat(64),
  sessions: budget,
  clicks: 10,
  details: {},
});

const rows: ReportRow[] = [];
for (const budget of [1000, 5000]) {
  for (const seed of [1, 2, 3]) {
    rows.push(row('B0', seed, budget, 0.6));
    rows.push(row('P', seed, budget, 0.6 + (budget === 1000 ? 0.005 : 0.02) + seed * 0.001));
    rows.push(row('C-rand', seed, budget, 0.6 - 0.001 * seed));
    rows.push(row('O', seed, budget, 0.7));
    rows.push(row('P', seed, budget, 0.9, 'click-pool'));
    rows.push(row('B0', seed, budget, 0.6, 'click-pool'));
  }
}

describe('report rendering', () => {
  it('formats intervals and deltas', () => {
    expect(formatInterval({ mean: 0.5, lo: 0.49, hi: 0.51, n: 3 })).toBe('0.5000 ± 0.0100');
    expect(formatInterval({ mean: 0.5, lo: Number.NaN, hi: Number.NaN, n: 1 })).toBe('0.5000');
    expect(formatDelta({ mean: 0.012, lo: 0.005, hi: 0.019, n: 3 })).toBe('+0.0120 [+0.0050, +0.0190]');
    expect(formatDelta(undefined)).toBe('–');
  });

  it('reads the checks against the protocol', () => {
    const g = aggregate(rows).find((x) => x.split === 'dev' && x.budget === 5000);
    const lines = checks(g as never).join('\n');
    expect(lines).toContain('both above 0');
    expect(lines).toContain('meets the +0.01 bar');
    expect(lines).toContain('C-rand: no significant gain');
    expect(lines).toMatch(/skyline gain .* = 22\.0%/);
  });

  it('reports the never-clicked queries only for the systems that ran', () => {
    const withSubset = rows.map((r) => (r.system === 'P' ? { ...r, unclicked_queries: ['a'] } : r));
    const g = aggregate(withSubset).find((x) => x.split === 'dev' && x.budget === 5000);
    const line = checks(g as never).find((l) => l.startsWith('On the 1 queries'));
    expect(line).toBe('On the 1 queries none of whose relevant docs was ever clicked: Δ nDCG@10 vs B0 of P +0.0220.');
  });

  it('renders tables, curves and a labelled seen-query section', () => {
    const md = renderMarkdown(aggregate(rows), {
      title: 'T',
      command: 'npm run bench -- --seeds 3',
      dataset: 'd',
      modelId: 'model',
      modelSha: 'm'.repeat(40),
      corpusSha: 'c'.repeat(64),
      seeds: [1, 2, 3],
      learner: 'l',
      backend: 'cpu',
      headlineSplit: 'dev',
      queryCounts: { dev: 2 },
      embedding: { corpusS: 12.5, queriesS: 1, cached: false },
      totalS: 30,
      notes: ['note one'],
      curves: [{ setting: 'S1', file: 'learning-curve-S1.svg' }],
    });
    expect(md).toContain('## Results on dev queries (headline)');
    expect(md).toContain('### S1, 5000 sessions (2 queries)');
    expect(md).toContain('| P | 0.6220 ± 0.0025 |');
    expect(md).toContain('![nDCG@10 vs sessions, S1](learning-curve-S1.svg)');
    expect(md).toContain('## Seen queries (click pool): memorisation, not a headline');
    expect(md).toContain('corpus 12.5 s');
    expect(md.indexOf('Seen queries')).toBeGreaterThan(md.indexOf('S1, 5000 sessions (2 queries)'));
  });

  it('draws one line and one legend entry per system, points at each budget', () => {
    const svg = learningCurveSvg(
      aggregate(rows).filter((g) => g.split === 'dev'),
      'S1 <dev>',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('S1 &lt;dev&gt;');
    expect(svg.match(/<path /g)).toHaveLength(4);
    expect(svg.match(/<circle /g)).toHaveLength(8);
    expect(svg).toContain('>1000</text>');
    expect(svg).toContain('>5000</text>');
  });
});
