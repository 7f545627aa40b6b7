import type { EvalSplit, ReportRow, SystemId } from './rows.js';
import { SYSTEM_IDS } from './rows.js';
import { bootstrapInterval95, mean, seedInterval95 } from './stats.js';
import type { Interval } from './stats.js';

/** Threshold of |Δ nDCG@10| above which a query counts as improved or hurt. */
export const CHANGE_THRESHOLD = 0.01;

export interface SystemSummary {
  readonly system: SystemId;
  readonly seeds: number;
  readonly ndcg10: Interval;
  readonly recall10: Interval;
  readonly recall100: Interval;
  readonly mrr10: Interval;
  /** Per-seed Δ nDCG@10 vs B0 (same seed), t-interval over seeds. Absent for B0. */
  readonly deltaSeeds?: Interval;
  /** Paired bootstrap over queries of the seed-averaged per-query Δ. Absent for B0. */
  readonly deltaBootstrap?: Interval;
  /** Share of queries with Δ > threshold, averaged over seeds. */
  readonly improved?: number;
  /** Share of queries with Δ < −threshold, averaged over seeds. */
  readonly hurt?: number;
  readonly runtimeS: number;
  readonly trainS: number;
  readonly clicks: number;
  readonly details: Record<string, string>;
}

export interface GroupSummary {
  readonly split: EvalSplit;
  readonly setting: string;
  readonly budget: number;
  readonly queries: number;
  readonly systems: SystemSummary[];
  /** (P − B0)/(O − B0) on mean nDCG@10; undefined when P, O or B0 is missing or O ≤ B0. */
  readonly skylineShare?: number;
  /**
   * Queries none of whose relevant docs was clicked in the log (averaged over seeds): mean
   * Δ nDCG@10 vs B0 of P and of C-pop on them. Popularity cannot help there.
   */
  readonly unclicked?: { readonly queries: number; readonly p?: number; readonly cpop?: number };
}

/** Per-query Δ = system − base over the queries of `base` (missing queries count as 0). */
export function perQueryDeltas(system: Record<string, number>, base: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [qid, b] of Object.entries(base)) out.set(qid, (system[qid] ?? 0) - b);
  return out;
}

/** Shares of queries improved and hurt (|Δ| > threshold). */
export function changeShares(deltas: Iterable<number>, threshold = CHANGE_THRESHOLD): { improved: number; hurt: number } {
  let n = 0;
  let up = 0;
  let down = 0;
  for (const d of deltas) {
    n++;
    if (d > threshold) up++;
    else if (d < -threshold) down++;
  }
  return n === 0 ? { improved: Number.NaN, hurt: Number.NaN } : { improved: up / n, hurt: down / n };
}

/** (P − B0)/(O − B0); undefined when the skyline does not beat the base. */
export function skylineShare(p: number, b0: number, o: number): number | undefined {
  const gap = o - b0;
  return gap > 0 ? (p - b0) / gap : undefined;
}

const key = (r: Pick<ReportRow, 'split' | 'setting' | 'budget'>): string => `${r.split}\u0000${r.setting}\u0000${r.budget}`;

/**
 * Groups rows by (split, setting, budget) and summarises each system over seeds: mean ± 95%
 * t-interval of every metric; Δ nDCG@10 vs B0 of the same seed (t-interval over seeds);
 * the paired bootstrap CI over queries of the per-query Δ averaged over seeds; shares of
 * improved/hurt queries (per seed, then averaged); P's share of the skyline gain.
 */
export function aggregate(rows: readonly ReportRow[], options: { resamples?: number; seed?: number } = {}): GroupSummary[] {
  const groups = new Map<string, ReportRow[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out: GroupSummary[] = [];
  for (const g of groups.values()) {
    const first = g[0] as ReportRow;
    const bySystem = new Map<SystemId, ReportRow[]>();
    for (const r of g) bySystem.set(r.system, [...(bySystem.get(r.system) ?? []), r]);
    const base = new Map<number, ReportRow>((bySystem.get('B0') ?? []).map((r) => [r.seed, r]));
    const systems: SystemSummary[] = [];
    for (const system of SYSTEM_IDS) {
      const rs = (bySystem.get(system) ?? []).slice().sort((a, b) => a.seed - b.seed);
      if (rs.length === 0) continue;
      const details: Record<string, string> = {};
      for (const dk of new Set(rs.flatMap((r) => Object.keys(r.details)))) {
        details[dk] = rs.map((r) => String(r.details[dk] ?? '–')).join('/');
      }
      let summary: SystemSummary = {
        system,
        seeds: rs.length,
        ndcg10: seedInterval95(rs.map((r) => r.ndcg10)),
        recall10: seedInterval95(rs.map((r) => r.recall10)),
        recall100: seedInterval95(rs.map((r) => r.recall100)),
        mrr10: seedInterval95(rs.map((r) => r.mrr10)),
        runtimeS: mean(rs.map((r) => r.runtime_s)),
        trainS: mean(rs.map((r) => r.train_s)),
        clicks: mean(rs.map((r) => r.clicks)),
        details,
      };
      const paired = rs.filter((r) => base.has(r.seed));
      if (system !== 'B0' && paired.length > 0) {
        const seedDeltas = paired.map((r) => r.ndcg10 - (base.get(r.seed) as ReportRow).ndcg10);
        const perSeed = paired.map((r) => perQueryDeltas(r.per_query, (base.get(r.seed) as ReportRow).per_query));
        const avg = new Map<string, number>();
        for (const m of perSeed) for (const [q, d] of m) avg.set(q, (avg.get(q) ?? 0) + d / perSeed.length);
        const shares = perSeed.map((m) => changeShares(m.values()));
        summary = {
          ...summary,
          deltaSeeds: seedInterval95(seedDeltas),
          deltaBootstrap: bootstrapInterval95([...avg.values()], options),
          improved: mean(shares.map((s) => s.improved)),
          hurt: mean(shares.map((s) => s.hurt)),
        };
      }
      systems.push(summary);
    }
    const find = (id: SystemId): number | undefined => systems.find((s) => s.system === id)?.ndcg10.mean;
    const p = find('P');
    const b0 = find('B0');
    const o = find('O');
    const share = p !== undefined && b0 !== undefined && o !== undefined ? skylineShare(p, b0, o) : undefined;
    const unclicked = unclickedDeltas(bySystem, base);
    out.push({
      split: first.split,
      setting: first.setting,
      budget: first.budget,
      queries: Object.keys(first.per_query).length,
      systems,
      ...(share === undefined ? {} : { skylineShare: share }),
      ...(unclicked ? { unclicked } : {}),
    });
  }
  const splitOrder: EvalSplit[] = ['eval', 'dev', 'click-pool'];
  return out.sort(
    (a, b) => splitOrder.indexOf(a.split) - splitOrder.indexOf(b.split) || a.setting.localeCompare(b.setting) || a.budget - b.budget,
  );
}

/** Mean Δ vs B0 of P and C-pop on each seed's never-clicked queries, averaged over seeds. */
function unclickedDeltas(
  bySystem: ReadonlyMap<SystemId, ReportRow[]>,
  base: ReadonlyMap<number, ReportRow>,
): GroupSummary['unclicked'] | undefined {
  const sizes: number[] = [];
  const on = (system: SystemId): number | undefined => {
    const perSeed: number[] = [];
    for (const r of bySystem.get(system) ?? []) {
      const b = base.get(r.seed);
      if (!b || !r.unclicked_queries) continue;
      if (system === 'P') sizes.push(r.unclicked_queries.length);
      if (r.unclicked_queries.length === 0) continue;
      perSeed.push(mean(r.unclicked_queries.map((q) => (r.per_query[q] ?? 0) - (b.per_query[q] ?? 0))));
    }
    return perSeed.length > 0 ? mean(perSeed) : undefined;
  };
  const p = on('P');
  const cpop = on('C-pop');
  if (p === undefined && cpop === undefined) return undefined;
  return { queries: sizes.length > 0 ? mean(sizes) : Number.NaN, ...(p === undefined ? {} : { p }), ...(cpop === undefined ? {} : { cpop }) };
}
