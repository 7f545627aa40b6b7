import { sharedRelevantQueries } from '@embedding-studio/click-simulation';
import type { Qrels } from '@embedding-studio/click-simulation';
import type { QuerySets } from '../split/query-sets.js';
import type { EvalSplit, ReportRow, SystemId } from './rows.js';
import { bootstrapInterval95, mean, seedInterval95 } from './stats.js';
import type { Interval } from './stats.js';

/**
 * The three generalisation rows of every report:
 * - `seen`: click-pool queries (they produced the sessions: memorisation, never the headline);
 * - `unseen-shared`: headline queries never in the log, one of whose relevant docs is relevant
 *   to a click-pool query (learning "which docs are relevant" carries over);
 * - `unseen-disjoint`: headline queries never in the log sharing no relevant doc with the
 *   click pool (only what the learner taught about the language can help).
 */
export type GeneralisationGroup = 'seen' | 'unseen-shared' | 'unseen-disjoint';
export const GENERALISATION_GROUPS: readonly GeneralisationGroup[] = ['seen', 'unseen-shared', 'unseen-disjoint'];

const GROUP_LABELS: Readonly<Record<GeneralisationGroup, string>> = {
  seen: 'seen (click pool, memorisation)',
  'unseen-shared': 'unseen, shares a relevant doc with the click pool',
  'unseen-disjoint': 'unseen, shares no relevant doc with the click pool',
};

/**
 * Splits the headline queries into `unseen-shared` and `unseen-disjoint` by their relevant docs
 * against the click pool's. Queries without a relevant doc are left out.
 */
export function unseenGroups(headlineIds: readonly string[], headlineQrels: Qrels, poolIds: readonly string[], poolQrels: Qrels): Map<string, GeneralisationGroup> {
  const shared = new Set(sharedRelevantQueries(headlineIds, headlineQrels, poolIds, poolQrels));
  const out = new Map<string, GeneralisationGroup>();
  for (const q of headlineIds) {
    if ((headlineQrels.get(q)?.size ?? 0) === 0) continue;
    out.set(q, shared.has(q) ? 'unseen-shared' : 'unseen-disjoint');
  }
  return out;
}

/** One (setting, budget, system, group): Δ nDCG@10 vs B0 with both intervals. */
export interface GeneralisationRow {
  readonly setting: string;
  readonly budget: number;
  readonly system: Exclude<SystemId, 'B0'>;
  readonly group: GeneralisationGroup;
  readonly queries: number;
  /** Mean nDCG@10 of B0 on the group. */
  readonly base: number;
  /** Per-seed mean Δ over the group's queries, 95% t-interval over seeds. */
  readonly deltaSeeds: Interval;
  /** Per-query Δ averaged over seeds, 95% paired bootstrap CI of the mean. */
  readonly deltaBootstrap: Interval;
}

function groupRow(cell: readonly ReportRow[], system: Exclude<SystemId, 'B0'>, queries: readonly string[]): Omit<GeneralisationRow, 'setting' | 'budget' | 'system' | 'group'> | undefined {
  const base = new Map(cell.filter((r) => r.system === 'B0').map((r) => [r.seed, r.per_query]));
  const runs = cell.filter((r) => r.system === system && base.has(r.seed));
  const qs = queries.filter((q) => runs.every((r) => q in r.per_query && q in (base.get(r.seed) as Record<string, number>)));
  if (runs.length === 0 || qs.length === 0) return undefined;
  const perSeed: number[] = [];
  const perQuery = new Map<string, number>(qs.map((q) => [q, 0]));
  for (const r of runs) {
    const b = base.get(r.seed) as Record<string, number>;
    let sum = 0;
    for (const q of qs) {
      const d = (r.per_query[q] as number) - (b[q] as number);
      sum += d;
      perQuery.set(q, (perQuery.get(q) as number) + d / runs.length);
    }
    perSeed.push(sum / qs.length);
  }
  const firstBase = base.get((runs[0] as ReportRow).seed) as Record<string, number>;
  return {
    queries: qs.length,
    base: mean(qs.map((q) => firstBase[q] as number)),
    deltaSeeds: seedInterval95(perSeed),
    deltaBootstrap: bootstrapInterval95([...perQuery.values()]),
  };
}

/**
 * The generalisation rows of a run: for every (setting, budget) and every system but B0, the
 * `seen` group from the `click-pool` rows (all their queries) and the two unseen groups from
 * the rows of `headlineSplit`, split by `groups` (see {@link unseenGroups}).
 */
export function generalisationRows(rows: readonly ReportRow[], headlineSplit: EvalSplit, groups: ReadonlyMap<string, GeneralisationGroup>): GeneralisationRow[] {
  const cells = new Map<string, ReportRow[]>();
  for (const r of rows) {
    const key = `${r.setting}\u0000${r.budget}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const out: GeneralisationRow[] = [];
  for (const cell of cells.values()) {
    const { setting, budget } = cell[0] as ReportRow;
    const systems = [...new Set(cell.map((r) => r.system))].filter((s): s is Exclude<SystemId, 'B0'> => s !== 'B0');
    const seenRows = cell.filter((r) => r.split === 'click-pool');
    const headRows = cell.filter((r) => r.split === headlineSplit);
    const seenIds = Object.keys(seenRows.find((r) => r.system === 'B0')?.per_query ?? {});
    for (const system of systems) {
      for (const group of GENERALISATION_GROUPS) {
        const ids = group === 'seen' ? seenIds : [...groups].filter(([, g]) => g === group).map(([q]) => q);
        const row = groupRow(group === 'seen' ? seenRows : headRows, system, ids);
        if (row) out.push({ setting, budget, system, group, ...row });
      }
    }
  }
  return out;
}

const signed = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(4)}` : 'n/a');
const ci = (i: Interval): string => (Number.isFinite(i.lo) ? `${signed(i.mean)} [${signed(i.lo)}, ${signed(i.hi)}]` : signed(i.mean));

/** The markdown table of {@link generalisationRows} (no lines when there are none). */
export function generalisationTable(rows: readonly GeneralisationRow[]): string[] {
  if (rows.length === 0) return [];
  const lines = [
    '| setting | sessions | system | queries | n | B0 nDCG@10 | Δ vs B0 (t, seeds) | Δ per query (bootstrap) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.setting} | ${r.budget} | ${r.system} | ${GROUP_LABELS[r.group]} | ${r.queries} | ${r.base.toFixed(4)} | ${ci(r.deltaSeeds)} | ${ci(r.deltaBootstrap)} |`);
  }
  return lines;
}

/** The report's generalisation table for a run over `sets` (headline split and click pool as the run used them). */
export function generalisationLines(rows: readonly ReportRow[], sets: Pick<QuerySets, 'headline' | 'clickPool' | 'dev' | 'evalQueries' | 'qrels' | 'evalQrels'>): string[] {
  const eval_ = sets.headline === 'eval';
  const ids = (eval_ ? sets.evalQueries : sets.dev).map((q) => q.id);
  const groups = unseenGroups(ids, eval_ ? sets.evalQrels : sets.qrels, sets.clickPool.map((q) => q.id), sets.qrels);
  return generalisationTable(generalisationRows(rows, sets.headline, groups));
}
