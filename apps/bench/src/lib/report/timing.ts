import type { ReportRow } from './rows.js';

/** Wall times of one trained system in one (setting, budget) cell, over its runs (seeds). */
export interface TimingSummary {
  readonly setting: string;
  readonly budget: number;
  readonly system: string;
  readonly backend: string;
  /** `train_s` of every run (sessions → examples → fine-tuning), ascending. */
  readonly trainS: number[];
  readonly medianTrainS: number;
  readonly medianRuntimeS: number;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Median training and run wall time per (setting, budget, system) of the systems that train,
 * from the headline rows of a `report.json` (seen-query rows repeat the same runs).
 */
export function trainingTimes(rows: readonly ReportRow[], systems?: readonly string[]): TimingSummary[] {
  const groups = new Map<string, ReportRow[]>();
  for (const r of rows) {
    if (r.split === 'click-pool' || r.train_s <= 0 || (systems && !systems.includes(r.system))) continue;
    const key = `${r.setting}\u0000${r.budget}\u0000${r.system}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  return [...groups.values()].map((rs) => {
    const first = rs[0] as ReportRow;
    return {
      setting: first.setting,
      budget: first.budget,
      system: first.system,
      backend: [...new Set(rs.map((r) => r.backend ?? 'unknown'))].join('/'),
      trainS: rs.map((r) => r.train_s).sort((a, b) => a - b),
      medianTrainS: median(rs.map((r) => r.train_s)),
      medianRuntimeS: median(rs.map((r) => r.runtime_s)),
    };
  });
}

/** One line per cell: `P S1 5000 sessions: median train 7.6 s over 3 runs (7.4, 7.6, 8.0), run 9.9 s, tfjs wasm`. */
export function formatTimings(summaries: readonly TimingSummary[]): string {
  return summaries
    .map(
      (t) =>
        `${t.system} ${t.setting} ${t.budget} sessions: median train ${t.medianTrainS.toFixed(1)} s over ${t.trainS.length} runs ` +
        `(${t.trainS.map((v) => v.toFixed(1)).join(', ')}), run ${t.medianRuntimeS.toFixed(1)} s, tfjs ${t.backend}`,
    )
    .join('\n');
}
