import type { EarlyStoppingSpec, MetricMode } from '../plan/training-plan.js';

/** True when `value` beats `best` by more than `minDelta` in the direction of `mode`. */
export function isImprovement(value: number, best: number | null, mode: MetricMode, minDelta = 0): boolean {
  if (!Number.isFinite(value)) return false;
  if (best === null) return true;
  return mode === 'max' ? value > best + minDelta : value < best - minDelta;
}

/** Outcome of one observation. */
export interface EarlyStoppingDecision {
  /** The value improved on the best so far (by more than `minDelta`). */
  readonly improved: boolean;
  /** Evaluations in a row without improvement. */
  readonly wait: number;
  /** `wait` reached `patience`: stop training. */
  readonly stop: boolean;
}

/**
 * Counts evaluations without improvement. The first observed value sets the reference; each
 * later value that does not improve on the best by more than `minDelta` adds one to `wait`,
 * an improvement resets it; training stops when `wait` reaches `patience`. A missing value
 * (metric not computed at this evaluation) changes nothing; NaN counts as no improvement.
 */
export class EarlyStopping {
  private best: number | null = null;
  private waited = 0;

  constructor(private readonly spec: Pick<EarlyStoppingSpec, 'mode' | 'patience' | 'minDelta'>) {}

  observe(value: number | undefined): EarlyStoppingDecision {
    if (value === undefined) return { improved: false, wait: this.waited, stop: false };
    if (isImprovement(value, this.best, this.spec.mode, this.best === null ? 0 : this.spec.minDelta)) {
      this.best = value;
      this.waited = 0;
      return { improved: true, wait: 0, stop: false };
    }
    this.waited += 1;
    return { improved: false, wait: this.waited, stop: this.waited >= this.spec.patience };
  }
}
