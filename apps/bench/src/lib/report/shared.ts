import type { EvalSplit, ReportRow, SystemId } from './rows.js';

/** Mean Δ nDCG@10 vs B0 (same seed) over `queries`, averaged over seeds; undefined without rows. */
function meanDelta(rows: readonly ReportRow[], base: ReadonlyMap<number, Record<string, number>>, queries: readonly string[]): number | undefined {
  const perSeed: number[] = [];
  for (const r of rows) {
    const b = base.get(r.seed);
    const qs = queries.filter((q) => b && q in b && q in r.per_query);
    if (!b || qs.length === 0) continue;
    perSeed.push(qs.reduce((s, q) => s + (r.per_query[q] as number) - (b[q] as number), 0) / qs.length);
  }
  return perSeed.length === 0 ? undefined : perSeed.reduce((s, v) => s + v, 0) / perSeed.length;
}

/** `+0.0123` / `-0.0123`; values that round to zero print as `+0.0000`. */
const signed = (v: number): string => {
  const r = Number(v.toFixed(4));
  return `${r >= 0 ? '+' : ''}${(r === 0 ? 0 : r).toFixed(4)}`;
};

/**
 * One line per (setting, budget) of `split`: the mean Δ nDCG@10 vs B0 of every other system on
 * each group of evaluated queries (`groups`: query id → label, printed in the order given by
 * `order`). Used with the click-pool overlap of each query: on SciFact many claims cite the
 * same abstracts, so a learner gains on overlapping queries by learning which abstracts are
 * relevant at all; the `none` group shows what is left.
 */
export function groupDeltaLines(rows: readonly ReportRow[], split: EvalSplit, groups: ReadonlyMap<string, string>, order: readonly string[]): string[] {
  const cells = new Map<string, ReportRow[]>();
  for (const r of rows) {
    if (r.split !== split) continue;
    const key = `${r.setting}\u0000${r.budget}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const lines: string[] = [];
  for (const cell of cells.values()) {
    const first = cell[0] as ReportRow;
    const base = new Map(cell.filter((r) => r.system === 'B0').map((r) => [r.seed, r.per_query]));
    if (base.size === 0) continue;
    const queries = Object.keys(base.values().next().value as Record<string, number>);
    const systems = [...new Set(cell.map((r) => r.system))].filter((s): s is Exclude<SystemId, 'B0'> => s !== 'B0');
    const parts = order.map((label) => {
      const qs = queries.filter((q) => groups.get(q) === label);
      const deltas = systems
        .map((s) => {
          const d = meanDelta(
            cell.filter((r) => r.system === s),
            base,
            qs,
          );
          return d === undefined ? undefined : `${s} ${signed(d)}`;
        })
        .filter((x): x is string => x !== undefined);
      return `${label} (${qs.length}): ${deltas.join(', ') || '–'}`;
    });
    lines.push(`${first.setting}, ${first.budget} sessions, Δ nDCG@10 vs B0 by overlap with the click pool: ${parts.join('; ')}.`);
  }
  return lines;
}
