/** Source of wall-clock time, injectable so tests control it. */
export interface ExperimentsClock {
  /** Current time in epoch milliseconds (UTC), like `Date.now()`. */
  now(): number;
}

export const systemExperimentsClock: ExperimentsClock = { now: () => Date.now() };
