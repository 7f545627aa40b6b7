/**
 * A monotonic timer for durations (not a wall clock: its readings mean nothing on their own,
 * only differences do), injectable so tests control durations.
 */
export interface Stopwatch {
  /** Milliseconds since a fixed, arbitrary origin; never goes back. */
  elapsedMs(): number;
}

/** The process timer: `performance.now()`. */
export const systemStopwatch: Stopwatch = { elapsedMs: () => performance.now() };
