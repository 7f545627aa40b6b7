import type { Stopwatch } from '../stopwatch.js';

/** A stopwatch that moves on by `stepMs` at every reading, so durations are deterministic. */
export function createTickingStopwatch(stepMs = 1): Stopwatch {
  let t = 0;
  return {
    elapsedMs: () => {
      t += stepMs;
      return t;
    },
  };
}
