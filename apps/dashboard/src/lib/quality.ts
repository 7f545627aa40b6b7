// The Quality page's chart: one line per profile version over time buckets, and the deploys.
import { ms, num, pct } from './format';
import type { Quality, QualityAnswer } from './types';

export interface MetricDef {
  id: string;
  label: string;
  value(q: Quality): number | null;
  format(x: number | null): string;
}

export const METRICS: readonly MetricDef[] = [
  { id: 'ctr', label: 'CTR', value: (q) => q.ctr, format: pct },
  { id: 'mrr', label: 'MRR', value: (q) => q.mrr, format: (x) => num(x) },
  { id: 'zero_click_rate', label: 'Zero-click rate', value: (q) => q.zero_click_rate, format: pct },
  { id: 'abandonment_rate', label: 'Abandonment rate', value: (q) => q.abandonment_rate, format: pct },
  { id: 'mean_click_rank', label: 'Mean click rank', value: (q) => q.mean_click_rank, format: (x) => num(x, 2) },
  { id: 'latency_p95', label: 'Latency p95', value: (q) => q.latency_ms.p95, format: ms },
  { id: 'latency_p50', label: 'Latency p50', value: (q) => q.latency_ms.p50, format: ms },
  { id: 'searches', label: 'Searches', value: (q) => q.searches, format: (x) => num(x, 0) },
  { id: 'irrelevant_rate', label: 'Irrelevant rate', value: (q) => q.irrelevant_rate, format: pct },
  { id: 'load_more_rate', label: '"Load more" rate', value: (q) => q.load_more_rate, format: pct },
];

export function metricById(id: string): MetricDef {
  return METRICS.find((m) => m.id === id) ?? METRICS[0]!;
}

export const versionLabel = (version: number | null): string => (version === null ? 'unversioned' : `v${version}`);

export interface QualityChart {
  /** Bucket starts (ISO), sorted, over every series. */
  labels: string[];
  datasets: { label: string; version: number | null; data: (number | null)[] }[];
  /** Deploys as positions on the label axis (fractional: between two buckets). */
  markers: { index: number; label: string }[];
}

/** Lines of `metric` per version on the union of bucket starts; a version's missing bucket is a gap. */
export function qualityChart(answer: QualityAnswer, metric: MetricDef): QualityChart {
  const labels = [...new Set(answer.series.flatMap((s) => s.buckets.map((b) => b.start)))].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const datasets = answer.series.map((s) => {
    const data: (number | null)[] = labels.map(() => null);
    for (const b of s.buckets) data[at.get(b.start)!] = metric.value(b);
    return { label: versionLabel(s.version), version: s.version, data };
  });
  const times = labels.map((l) => Date.parse(l));
  const markers = answer.deployments.map((d) => ({ index: position(times, Date.parse(d.at)), label: `${d.kind} v${d.version}` }));
  return { labels, datasets, markers };
}

/** Where time `t` falls on the axis of sorted bucket starts: inside bucket i it is i (+ the share of the step). */
export function position(starts: readonly number[], t: number): number {
  if (starts.length === 0) return 0;
  if (t <= starts[0]!) return 0;
  for (let i = 0; i < starts.length - 1; i++) {
    const a = starts[i]!;
    const b = starts[i + 1]!;
    if (t < b) return i + (t - a) / (b - a);
  }
  return starts.length - 1;
}
