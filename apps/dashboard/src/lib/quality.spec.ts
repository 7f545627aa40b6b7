import { metricById, position, qualityChart } from './quality';
import type { Quality, QualityAnswer } from './types';

const q = (searches: number, ctr: number, p95: number | null = null): Quality => ({
  searches,
  sessions_with_click: Math.round(searches * ctr),
  ctr,
  zero_click_rate: 1 - ctr,
  abandonment_rate: 0,
  mrr: ctr / 2,
  mean_click_rank: null,
  clicks_at: { '1': 0, '3': 0, '5': 0, '10': 0 },
  irrelevant_rate: 0,
  load_more_rate: 0,
  latency_ms: { p50: null, p95: p95, p99: null },
});

const answer: QualityAnswer = {
  collection: 'docs',
  bucket: 'hour',
  from: '2026-12-07T00:00:00.000Z',
  to: '2026-12-07T06:00:00.000Z',
  series: [
    { version: 1, totals: q(30, 0.5), buckets: [{ start: '2026-12-07T01:00:00.000Z', ...q(10, 0.4) }, { start: '2026-12-07T02:00:00.000Z', ...q(20, 0.55, 12) }] },
    { version: 2, totals: q(8, 0.75), buckets: [{ start: '2026-12-07T03:00:00.000Z', ...q(8, 0.75, 9) }] },
  ],
  deployments: [{ version: 2, at: '2026-12-07T02:30:00.000Z', kind: 'adapter' }],
};

describe('qualityChart', () => {
  it('draws one line per version on the union of bucket starts, with gaps where a version has no bucket', () => {
    const chart = qualityChart(answer, metricById('ctr'));
    expect(chart.labels).toEqual(['2026-12-07T01:00:00.000Z', '2026-12-07T02:00:00.000Z', '2026-12-07T03:00:00.000Z']);
    expect(chart.datasets).toEqual([
      { label: 'v1', version: 1, data: [0.4, 0.55, null] },
      { label: 'v2', version: 2, data: [null, null, 0.75] },
    ]);
  });

  it('places a deploy between the buckets around it', () => {
    expect(qualityChart(answer, metricById('ctr')).markers).toEqual([{ index: 1.5, label: 'adapter v2' }]);
  });

  it('reads nested metrics and keeps missing values as null', () => {
    expect(qualityChart(answer, metricById('latency_p95')).datasets.map((d) => d.data)).toEqual([
      [null, 12, null],
      [null, null, 9],
    ]);
  });

  it('falls back to CTR for an unknown metric id', () => {
    expect(metricById('nope').id).toBe('ctr');
  });
});

describe('position', () => {
  const starts = [0, 10, 20];
  it('clamps before the first and after the last bucket', () => {
    expect([position(starts, -5), position(starts, 25), position([], 5)]).toEqual([0, 2, 0]);
  });
  it('interpolates inside a bucket', () => {
    expect(position(starts, 12.5)).toBe(1.25);
  });
});
