import { LossesMetricsInvalidArgumentError } from '../../errors.js';
import { checkAllFinite, checkSameLength } from '../internal/check.js';
import type { MetricValue } from '../accumulator/metric-value.js';

/** Metric names of DistanceShift (before any `train_`/`test_` prefix). */
export const NOT_IRRELEVANT_DIST_SHIFT = 'not_irrelevant_dist_shift';
export const IRRELEVANT_DIST_SHIFT = 'irrelevant_dist_shift';
/** The main quality metric of a fine-tuning run (higher is better). */
export const MAIN_METRIC = `test_${NOT_IRRELEVANT_DIST_SHIFT}`;

export interface DistanceShiftOptions {
  /**
   * `true` when scores are similarities (cosine; higher = closer, t = +1), `false` when they
   * are distances (t = −1).
   * @defaultValue true
   */
  isSimilarity?: boolean;
}

/**
 * One session's scores under the current model and the starting model. For a session with
 * clicks (`irrelevant: false`) list the clicked items; for an irrelevant session list every
 * shown result. `current[i]` and `previous[i]` refer to the same item.
 */
export interface SessionShiftScores {
  irrelevant: boolean;
  current: readonly number[];
  previous: readonly number[];
}

/**
 * DistanceShift of a session with clicks: mean over clicked items of t·(current − previous).
 * Positive = clicked items moved closer to the query. `undefined` for an empty list.
 */
export function notIrrelevantDistanceShift(current: readonly number[], previous: readonly number[], options: DistanceShiftOptions = {}): number | undefined {
  return meanShift(current, previous, options.isSimilarity ?? true, +1);
}

/**
 * DistanceShift of a session without clicks: mean over shown items of t·(previous − current).
 * Positive = the results of a failed search moved away from the query. `undefined` for an empty list.
 */
export function irrelevantDistanceShift(current: readonly number[], previous: readonly number[], options: DistanceShiftOptions = {}): number | undefined {
  return meanShift(current, previous, options.isSimilarity ?? true, -1);
}

/** Dispatches on `session.irrelevant`. */
export function sessionDistanceShift(session: SessionShiftScores, options: DistanceShiftOptions = {}): number | undefined {
  return session.irrelevant
    ? irrelevantDistanceShift(session.current, session.previous, options)
    : notIrrelevantDistanceShift(session.current, session.previous, options);
}

/** Both DistanceShift values of one batch; a kind absent from the batch is `undefined`. */
export interface BatchDistanceShift {
  notIrrelevant: number | undefined;
  irrelevant: number | undefined;
}

/** Mean session shift of each kind over one batch (sessions with nothing to average are ignored). */
export function batchDistanceShift(sessions: readonly SessionShiftScores[], options: DistanceShiftOptions = {}): BatchDistanceShift {
  const rel: number[] = [];
  const irr: number[] = [];
  for (const s of sessions) {
    const v = sessionDistanceShift(s, options);
    if (v !== undefined) (s.irrelevant ? irr : rel).push(v);
  }
  return { notIrrelevant: mean(rel), irrelevant: mean(irr) };
}

/**
 * Train variant: the batch's two DistanceShift metrics named `<prefix>_not_irrelevant_dist_shift`
 * and `<prefix>_irrelevant_dist_shift`; a kind absent from the batch reports 0.0.
 */
export function distanceShiftMetrics(sessions: readonly SessionShiftScores[], options: DistanceShiftOptions & { prefix?: string } = {}): MetricValue[] {
  const prefix = options.prefix ?? 'train';
  const b = batchDistanceShift(sessions, options);
  return [
    { name: `${prefix}_${NOT_IRRELEVANT_DIST_SHIFT}`, value: b.notIrrelevant ?? 0 },
    { name: `${prefix}_${IRRELEVANT_DIST_SHIFT}`, value: b.irrelevant ?? 0 },
  ];
}

/**
 * Test variant: collects the batch values of one validation epoch, and `result()` reports the
 * mean over batches as `<prefix>_not_irrelevant_dist_shift` / `<prefix>_irrelevant_dist_shift`.
 * Batches without a session of a kind do not count towards that kind's mean (the original
 * logged 0.0 for them, which only coincided with this when every batch held both kinds); a kind
 * absent from the whole epoch reports 0.0.
 */
export class DistanceShiftEpoch {
  private readonly rel: number[] = [];
  private readonly irr: number[] = [];

  constructor(private readonly options: DistanceShiftOptions & { prefix?: string } = {}) {}

  /** Adds one validation batch. */
  add(sessions: readonly SessionShiftScores[]): BatchDistanceShift {
    const b = batchDistanceShift(sessions, this.options);
    if (b.notIrrelevant !== undefined) this.rel.push(b.notIrrelevant);
    if (b.irrelevant !== undefined) this.irr.push(b.irrelevant);
    return b;
  }

  /** The epoch's two metrics (prefix `test` unless configured). */
  result(): MetricValue[] {
    const prefix = this.options.prefix ?? 'test';
    return [
      { name: `${prefix}_${NOT_IRRELEVANT_DIST_SHIFT}`, value: mean(this.rel) ?? 0 },
      { name: `${prefix}_${IRRELEVANT_DIST_SHIFT}`, value: mean(this.irr) ?? 0 },
    ];
  }

  /** Starts a new epoch. */
  clear(): void {
    this.rel.length = 0;
    this.irr.length = 0;
  }
}

function meanShift(current: readonly number[], previous: readonly number[], isSimilarity: boolean, direction: 1 | -1): number | undefined {
  checkSameLength('DistanceShift current vs previous scores', current, previous);
  checkAllFinite('current', current);
  checkAllFinite('previous', previous);
  if (typeof isSimilarity !== 'boolean') throw new LossesMetricsInvalidArgumentError('isSimilarity', 'must be a boolean', isSimilarity);
  if (current.length === 0) return undefined;
  const t = isSimilarity ? 1 : -1;
  let s = 0;
  for (let i = 0; i < current.length; i++) s += t * direction * ((current[i] as number) - (previous[i] as number));
  return s / current.length;
}

function mean(xs: readonly number[]): number | undefined {
  return xs.length === 0 ? undefined : xs.reduce((s, x) => s + x, 0) / xs.length;
}
