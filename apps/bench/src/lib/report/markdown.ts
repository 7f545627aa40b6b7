import type { GroupSummary, SystemSummary } from './aggregate.js';
import { CHANGE_THRESHOLD } from './aggregate.js';
import type { Interval } from './stats.js';

/** Facts about the run printed at the top of the report. */
export interface ReportMeta {
  readonly title: string;
  readonly command: string;
  readonly dataset: string;
  readonly modelId: string;
  readonly modelSha: string;
  readonly corpusSha: string;
  readonly seeds: readonly number[];
  readonly learner: string;
  readonly backend: string;
  readonly headlineSplit: 'dev' | 'eval';
  readonly queryCounts: Readonly<Record<string, number>>;
  /** Wall time of base-model embedding: corpus and queries, seconds; `cached` when read from the cache. */
  readonly embedding: { corpusS: number; queriesS: number; cached: boolean };
  readonly totalS: number;
  readonly notes: readonly string[];
  /** The generalisation table (seen / unseen sharing relevant docs / unseen sharing none), markdown lines. */
  readonly generalisation?: readonly string[];
  /** SVG files per setting, relative to the report. */
  readonly curves: ReadonlyArray<{ setting: string; file: string }>;
}

const f4 = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
const signed = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(4)}` : 'n/a');
const pct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(1)}%`);

/** "0.6412 ± 0.0031" (mean ± half-width), or the mean alone when there is no interval. */
export function formatInterval(i: Interval): string {
  if (!Number.isFinite(i.lo)) return f4(i.mean);
  return `${f4(i.mean)} ± ${((i.hi - i.lo) / 2).toFixed(4)}`;
}

/** "+0.0123 [+0.0050, +0.0190]" */
export function formatDelta(i: Interval | undefined): string {
  if (!i) return '–';
  if (!Number.isFinite(i.lo)) return signed(i.mean);
  return `${signed(i.mean)} [${signed(i.lo)}, ${signed(i.hi)}]`;
}

function systemRow(s: SystemSummary): string {
  const details = Object.entries(s.details)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `| ${s.system} | ${formatInterval(s.ndcg10)} | ${formatInterval(s.recall10)} | ${formatInterval(s.recall100)} | ${formatInterval(s.mrr10)} | ${formatDelta(s.deltaSeeds)} | ${formatDelta(s.deltaBootstrap)} | ${pct(s.improved)} | ${pct(s.hurt)} | ${s.trainS.toFixed(1)} | ${s.runtimeS.toFixed(1)} | ${Math.round(s.clicks)} | ${details} |`;
}

/** Automatic reading of one group against the protocol's success and sanity criteria. */
export function checks(g: GroupSummary): string[] {
  const by = new Map(g.systems.map((s) => [s.system, s]));
  const out: string[] = [];
  const p = by.get('P');
  const crand = by.get('C-rand');
  const cpop = by.get('C-pop');
  if (p?.deltaSeeds && p.deltaBootstrap) {
    const both = p.deltaSeeds.lo > 0 && p.deltaBootstrap.lo > 0;
    out.push(
      `P vs B0: Δ = ${signed(p.deltaSeeds.mean)}; seed t-interval lower bound ${signed(p.deltaSeeds.lo)}${p.seeds < 2 ? ' (needs ≥ 2 seeds)' : ''}, bootstrap lower bound ${signed(p.deltaBootstrap.lo)} → ${both ? 'both above 0' : 'not both above 0'}; ${p.deltaSeeds.mean >= 0.01 ? 'meets' : 'below'} the +0.01 bar.`,
    );
    if (p.deltaSeeds.mean > 0.05) out.push('WARNING: P gains more than 5 nDCG points on these queries; look for a leak before believing it.');
  }
  if (crand?.deltaSeeds) {
    const gain = crand.deltaSeeds.lo > 0 || (crand.deltaBootstrap?.lo ?? -1) > 0;
    out.push(
      gain
        ? `WARNING: C-rand shows a significant gain (${formatDelta(crand.deltaSeeds)}): random clicks should not help; the harness may be broken.`
        : `C-rand: no significant gain (${formatDelta(crand.deltaSeeds)}), as expected.`,
    );
  }
  if (p && cpop) {
    out.push(`P − C-pop = ${signed(p.ndcg10.mean - cpop.ndcg10.mean)} nDCG@10 → ${p.ndcg10.mean > cpop.ndcg10.mean ? 'P beats C-pop' : 'P does not beat C-pop'}.`);
  }
  if (g.skylineShare !== undefined) out.push(`P's share of the skyline gain (P − B0)/(O − B0) = ${pct(g.skylineShare)}.`);
  if (g.unclicked) {
    const parts = [
      ...(g.unclicked.p === undefined ? [] : [`P ${signed(g.unclicked.p)}`]),
      ...(g.unclicked.cpop === undefined ? [] : [`C-pop ${signed(g.unclicked.cpop)}`]),
    ];
    out.push(`On the ${g.unclicked.queries.toFixed(0)} queries none of whose relevant docs was ever clicked: Δ nDCG@10 vs B0 of ${parts.join(', of ')}.`);
  }
  return out;
}

function groupSection(g: GroupSummary, heading: string, withChecks: boolean): string[] {
  const lines: string[] = [];
  lines.push(`### ${heading}`, '');
  lines.push(
    '| system | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | Δ nDCG@10 vs B0 (t, seeds) | Δ per query (bootstrap) | improved | hurt | train s | runtime s | clicks | details |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const s of g.systems) lines.push(systemRow(s));
  lines.push('');
  if (withChecks) {
    for (const c of checks(g)) lines.push(`- ${c}`);
    lines.push('');
  }
  return lines;
}

/** Renders `report.md`. */
export function renderMarkdown(groups: readonly GroupSummary[], meta: ReportMeta): string {
  const lines: string[] = [];
  lines.push(`# ${meta.title}`, '');
  lines.push('```', meta.command, '```', '');
  lines.push(`- dataset: ${meta.dataset} (corpus sha256 \`${meta.corpusSha.slice(0, 16)}…\`)`);
  lines.push(`- model: ${meta.modelId} (sha \`${meta.modelSha.slice(0, 16)}…\`)`);
  lines.push(`- learner: ${meta.learner} (tfjs backend: ${meta.backend})`);
  lines.push(`- seeds: ${meta.seeds.join(', ')}`);
  lines.push(`- queries: ${Object.entries(meta.queryCounts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  lines.push(
    `- embedding wall time: corpus ${meta.embedding.corpusS.toFixed(1)} s, queries ${meta.embedding.queriesS.toFixed(1)} s${meta.embedding.cached ? ' (read from the cache)' : ''}; whole run ${meta.totalS.toFixed(1)} s`,
  );
  lines.push('');
  lines.push('How to read this:');
  lines.push('- metric cells: mean ± half-width of the 95% t-interval over seeds (mean alone with one seed).');
  lines.push('- "Δ (t, seeds)": per-seed nDCG@10(system) − nDCG@10(B0), mean and 95% t-interval over seeds.');
  lines.push('- "Δ per query (bootstrap)": per-query Δ averaged over seeds, 95% paired bootstrap CI of its mean (10,000 resamples).');
  lines.push(`- improved / hurt: share of queries with Δ > ${CHANGE_THRESHOLD} / Δ < −${CHANGE_THRESHOLD} (per seed, averaged).`);
  for (const n of meta.notes) lines.push(`- ${n}`);
  lines.push('');
  const headline = groups.filter((g) => g.split === meta.headlineSplit);
  const seen = groups.filter((g) => g.split === 'click-pool');
  lines.push(`## Results on ${meta.headlineSplit === 'eval' ? 'the held-out evaluation queries' : 'dev queries'} (headline)`, '');
  for (const g of headline) lines.push(...groupSection(g, `${g.setting}, ${g.budget} sessions (${g.queries} queries)`, true));
  if (meta.generalisation && meta.generalisation.length > 0) {
    lines.push('## Generalisation: seen and unseen queries', '');
    lines.push(
      'Δ nDCG@10 vs B0 by how each query stands against the click log: seen queries produced sessions (memorisation); unseen queries never did, and either share a relevant doc with a click-pool query or share none. The last row is what transfers to new topics.',
      '',
    );
    lines.push(...meta.generalisation, '');
  }
  if (meta.curves.length > 0) {
    lines.push('## Learning curves', '');
    for (const c of meta.curves) lines.push(`![nDCG@10 vs sessions, ${c.setting}](${c.file})`, '');
  }
  if (seen.length > 0) {
    lines.push('## Seen queries (click pool): memorisation, not a headline', '');
    lines.push('These queries produced the sessions the systems learned from. Gains here show memorisation of seen queries, not generalisation.', '');
    for (const g of seen) lines.push(...groupSection(g, `seen queries: ${g.setting}, ${g.budget} sessions (${g.queries} queries)`, false));
  }
  return lines.join('\n') + '\n';
}
