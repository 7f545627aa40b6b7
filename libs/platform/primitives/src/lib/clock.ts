/** Source of wall-clock time, injectable so tests control it. */
export interface Clock {
  /** Current time in epoch milliseconds (UTC), like `Date.now()`. */
  now(): number;
}

/** The process clock: `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };

/** The clock's time in whole epoch seconds, for records whose contract counts seconds. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
