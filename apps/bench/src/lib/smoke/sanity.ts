import { BenchSanityError } from '../../errors.js';
import type { ReportRow, SystemId } from '../report/rows.js';

/**
 * Basic sanity of a finished run: the expected number of rows, every system present, every
 * metric a finite number in [0, 1], per-query values in [0, 1]. Throws `BENCH_SANITY_FAILED`
 * listing every problem.
 */
export function checkRows(rows: readonly ReportRow[], expect: { systems: readonly SystemId[]; rowCount: number }): void {
  const problems: string[] = [];
  if (rows.length !== expect.rowCount) problems.push(`expected ${expect.rowCount} rows, got ${rows.length}`);
  for (const s of expect.systems) if (!rows.some((r) => r.system === s)) problems.push(`no row for system ${s}`);
  for (const r of rows) {
    for (const k of ['ndcg10', 'recall10', 'recall100', 'mrr10'] as const) {
      const v = r[k];
      if (!Number.isFinite(v) || v < 0 || v > 1) problems.push(`${r.system}/${r.split}/seed ${r.seed}: ${k} = ${v} is outside [0, 1]`);
    }
    for (const [q, v] of Object.entries(r.per_query)) {
      if (!Number.isFinite(v) || v < 0 || v > 1) problems.push(`${r.system}/${r.split}: per_query[${q}] = ${v} is outside [0, 1]`);
    }
    if (Object.keys(r.per_query).length === 0) problems.push(`${r.system}/${r.split}: no per-query values`);
  }
  if (problems.length > 0) {
    throw new BenchSanityError(`The run failed its sanity checks: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (+${problems.length - 10} more)` : ''}.`, {
      details: { problems: problems.slice(0, 50) },
    });
  }
}
