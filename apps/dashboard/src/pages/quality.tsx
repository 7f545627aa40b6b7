import type { Chart, Plugin } from 'chart.js';
import { useState, type ReactNode } from 'react';
import { Line } from 'react-chartjs-2';
import { num, pct, ms, utc } from '../lib/format';
import { METRICS, metricById, qualityChart, versionLabel, type QualityChart } from '../lib/quality';
import type { QualityAnswer } from '../lib/types';
import { Empty, Select, Show, Table, WithCollection, useLoad, type PageProps } from '../ui';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];
const RANGES = { '24h': 1, '7d': 7, '30d': 30 } as const;
const RANGE_OPTIONS = (Object.keys(RANGES) as (keyof typeof RANGES)[]).map((r) => [r, `last ${r}`] as const);

/** Draws the deploys as vertical dashed lines with their labels (positions from {@link qualityChart}). */
const deployMarkers = (markers: QualityChart['markers']): Plugin<'line'> => ({
  id: 'deployMarkers',
  afterDatasetsDraw(chart: Chart<'line'>) {
    const { ctx, chartArea, scales } = chart;
    const x = scales['x'];
    if (!x) return;
    ctx.save();
    markers.forEach((m, j) => {
      const lo = Math.floor(m.index);
      const px = x.getPixelForValue(lo) + (m.index - lo) * (x.getPixelForValue(lo + 1) - x.getPixelForValue(lo) || 0);
      ctx.strokeStyle = '#6b7280';
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#374151';
      ctx.font = '11px sans-serif';
      ctx.fillText(m.label, px + 4, chartArea.top + 12 + 13 * j);
    });
    ctx.restore();
  },
});

export function QualityPage({ api }: PageProps) {
  return <WithCollection api={api}>{(collection, picker) => <QualityView key={collection} api={api} collection={collection} picker={picker} />}</WithCollection>;
}

function QualityView({ api, collection, picker }: { api: PageProps['api']; collection: string; picker: ReactNode }) {
  const [metricId, setMetric] = useState('ctr');
  const [bucket, setBucket] = useState<'hour' | 'day'>('hour');
  const [range, setRange] = useState<keyof typeof RANGES>('7d');
  const metric = metricById(metricId);
  const loaded = useLoad(
    () => {
      const to = new Date();
      const from = new Date(to.getTime() - RANGES[range] * 86_400_000);
      return api.get<QualityAnswer>('/metrics/quality', { collection, bucket, by: 'version', from: from.toISOString(), to: to.toISOString() });
    },
    `${collection}/${bucket}/${range}`,
  );
  return (
    <>
      <div className="controls">
        {picker}
        <Select label="Metric" testid="metric" value={metricId} options={METRICS.map((m) => [m.id, m.label] as const)} onChange={setMetric} />
        <Select label="Bucket" testid="bucket" value={bucket} options={[['hour', 'hour'], ['day', 'day']]} onChange={setBucket} />
        <Select label="Range" testid="range" value={range} options={RANGE_OPTIONS} onChange={setRange} />
      </div>
      <Show loaded={loaded}>
        {(answer) => {
          if (answer.series.every((s) => s.totals.searches === 0)) return <Empty>No searches in this range yet: metrics appear once users search {collection}.</Empty>;
          const chart = qualityChart(answer, metric);
          return (
            <>
              <div className="chart" data-testid="quality-chart">
                <Line
                  data={{
                    labels: chart.labels.map(utc),
                    datasets: chart.datasets.map((d, i) => ({ label: d.label, data: d.data, borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length], spanGaps: false, tension: 0.2 })),
                  }}
                  options={{ animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: `${metric.label} per profile version (${answer.bucket} buckets, UTC)` } } }}
                  plugins={[deployMarkers(chart.markers)]}
                />
              </div>
              <h3>Totals per version</h3>
              <Table testid="quality-totals" head={['Version', 'Searches', 'With click', 'CTR', 'MRR', 'Zero-click', 'Latency p95']}>
                {answer.series.map((s) => (
                  <tr key={String(s.version)} data-testid="quality-row" data-version={String(s.version)}>
                    <td>{versionLabel(s.version)}</td>
                    <td data-col="searches">{s.totals.searches}</td>
                    <td data-col="sessions_with_click">{s.totals.sessions_with_click}</td>
                    <td data-col="ctr">{pct(s.totals.ctr)}</td>
                    <td data-col="mrr">{num(s.totals.mrr)}</td>
                    <td data-col="zero_click_rate">{pct(s.totals.zero_click_rate)}</td>
                    <td data-col="latency_p95">{ms(s.totals.latency_ms.p95)}</td>
                  </tr>
                ))}
              </Table>
              <h3>Deploys in range</h3>
              {answer.deployments.length === 0 ? (
                <Empty>No deploys in this range.</Empty>
              ) : (
                <ul data-testid="quality-deploys">
                  {answer.deployments.map((d) => (
                    <li key={`${d.version}-${d.at}`}>
                      v{d.version} ({d.kind}) at {utc(d.at)}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}
