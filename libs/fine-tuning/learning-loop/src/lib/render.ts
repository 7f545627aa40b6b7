import type { LoopCheck } from './checks.js';
import type { MeanCi } from './click-log.js';
import type { LearningLoopReport } from './loop.js';

const f4 = (x: number): string => x.toFixed(4);
const ci = (m: MeanCi): string => (m.lower === null || m.upper === null ? f4(m.mean) : `${f4(m.mean)} [${f4(m.lower)}, ${f4(m.upper)}]`);
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;

/** The run as text: quality per version (own log and the metrics route), held-out nDCG@10, checks. */
export function renderLoopReport(report: LearningLoopReport, checks: readonly LoopCheck[] = []): string {
  const lines: string[] = [];
  const d = report.deployedVersion;
  lines.push(`collection ${report.collection}: version ${report.baselineVersion} (before) → ${d ?? 'not deployed'} (after, fine-tuning task ${report.task.id})`);
  if (report.deploy.by === 'manual-after-gate-refusal') lines.push(`deploy: the automatic deploy's gate refused the model (${JSON.stringify(report.deploy.gate)}); it was deployed by hand (POST /models/{id}/deploy)`);
  else if (report.deploy.by === 'auto') lines.push('deploy: automatic, the gate passed');
  lines.push(`sessions: ${report.sessions.beforeTask} before the task, ${report.sessions.total} in all, ${report.sessions.byDeployed} served by the new version`);
  lines.push('');
  lines.push('Click quality per version (simulated users\' own log; mean [95% t-interval over searches])');
  lines.push('| version | searches | with click | CTR | MRR |');
  lines.push('|---|---|---|---|---|');
  for (const v of report.clicks) lines.push(`| ${v.version} | ${v.searches} | ${v.sessionsWithClick} | ${ci(v.ctr)} | ${ci(v.mrr)} |`);
  lines.push('');
  if ('series' in report.route) {
    lines.push(`GET /metrics/quality?by=version (from ${report.startedAt}; counts held-out searches too)`);
    lines.push('| version | searches | with click | CTR | MRR |');
    lines.push('|---|---|---|---|---|');
    for (const s of report.route.series) lines.push(`| ${s.version ?? '–'} | ${s.totals.searches} | ${s.totals.sessions_with_click} | ${f4(s.totals.ctr)} | ${f4(s.totals.mrr)} |`);
  } else lines.push(`GET /metrics/quality: ${report.route.unavailable} (figures above are from the users' own log)`);
  lines.push('');
  const h = report.heldOut;
  lines.push(`Held-out nDCG@10 (${h.queries} queries never clicked; mean [95% t-interval over queries])`);
  lines.push(`  before (v${report.baselineVersion}): ${ci(h.before.ndcg)}`);
  if (h.after) lines.push(`  after  (v${h.after.versions.join(',')}): ${ci(h.after.ndcg)}`);
  if (h.delta) lines.push(`  Δ ${signed(h.delta.mean)} [${signed(h.delta.lower)}, ${signed(h.delta.upper)}] (paired bootstrap over queries, 10,000 resamples); improved ${h.delta.improved}, hurt ${h.delta.hurt} (|Δ| > 0.01)`);
  lines.push('');
  lines.push(`time (s): ${Object.entries(report.seconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  if (checks.length > 0) {
    lines.push('');
    for (const c of checks) lines.push(`${c.passed ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
