import type { ExperimentsClock } from '../ports/clock.js';

export interface TestClock extends ExperimentsClock {
  set(ms: number): void;
  advance(ms: number): void;
}

/**
 * A clock that starts at `startMs` and moves only when told, or by `tickMs` after every
 * reading (so successive records get distinct, ordered timestamps).
 */
export function createTestClock(startMs = Date.UTC(2025, 0, 1), options: { tickMs?: number } = {}): TestClock {
  let now = startMs;
  const tick = options.tickMs ?? 0;
  return {
    now: () => {
      const t = now;
      now += tick;
      return t;
    },
    set: (ms) => {
      now = ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
