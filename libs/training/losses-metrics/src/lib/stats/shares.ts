import { LossesMetricsNotEnoughValuesError, LossesMetricsShapeMismatchError } from '../../errors.js';
import { checkAllFinite, checkRange } from '../internal/check.js';
import { entriesOf } from '../ranking/rank-documents.js';

/** Share of deltas strictly above `eps` (queries improved by more than `eps`). */
export function shareImproved(deltas: readonly number[], eps = 0.01): number {
  return share(deltas, eps, (d) => d > eps);
}

/** Share of deltas strictly below `−eps` (queries hurt by more than `eps`). */
export function shareHurt(deltas: readonly number[], eps = 0.01): number {
  return share(deltas, eps, (d) => d < -eps);
}

function share(deltas: readonly number[], eps: number, test: (d: number) => boolean): number {
  checkRange('eps', eps, { min: 0 });
  checkAllFinite('deltas', deltas);
  if (deltas.length === 0) throw new LossesMetricsNotEnoughValuesError('a share of queries', 1, 0);
  return deltas.filter(test).length / deltas.length;
}

export interface PairedDeltas {
  /** Query ids in ascending order. */
  queryIds: string[];
  /** `system[q][metric] − baseline[q][metric]`, aligned with `queryIds`. */
  deltas: number[];
}

type PerQuery = Readonly<Record<string, Readonly<Record<string, number>>>> | ReadonlyMap<string, Readonly<Record<string, number>>>;

/**
 * Aligns two per-query evaluations (e.g. `evaluateRun(...).perQuery`) of the same queries and
 * returns the per-query differences of one metric. Throws `LOSSES_METRICS_SHAPE_MISMATCH`
 * when the two evaluated different query sets (comparing them would not be paired).
 */
export function pairedDeltas(system: PerQuery, baseline: PerQuery, metric: string): PairedDeltas {
  const a = new Map(entriesOf(system));
  const b = new Map(entriesOf(baseline));
  const onlyA = [...a.keys()].filter((q) => !b.has(q));
  const onlyB = [...b.keys()].filter((q) => !a.has(q));
  if (onlyA.length > 0 || onlyB.length > 0) {
    throw new LossesMetricsShapeMismatchError(
      'pairedDeltas query sets',
      'the same queries in system and baseline',
      `${onlyA.length} only in system (${onlyA.slice(0, 3).join(', ')}), ${onlyB.length} only in baseline (${onlyB.slice(0, 3).join(', ')})`,
    );
  }
  const queryIds = [...a.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const deltas = queryIds.map((q) => {
    const va = a.get(q)?.[metric];
    const vb = b.get(q)?.[metric];
    if (va === undefined || vb === undefined) throw new LossesMetricsShapeMismatchError(`metric ${JSON.stringify(metric)} of query ${JSON.stringify(q)}`, 'a value in both evaluations', 'a missing value');
    return va - vb;
  });
  return { queryIds, deltas };
}
