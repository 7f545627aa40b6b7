import type { Clock } from '../clock.js';

/** A {@link Clock} that moves only when told. */
export interface TestClock extends Clock {
  /** Moves the clock to `at` (epoch ms or a Date). */
  set(at: number | Date): void;
  advance(ms: number): void;
}

export interface TestClockOptions {
  /** Moves the clock on by this many ms after every reading, so successive records get distinct, ordered times. @defaultValue 0 */
  tickMs?: number;
}

/** A clock that starts at `start` (epoch ms or a Date; 2024-01-15T12:00:00Z by default). */
export function createTestClock(start: number | Date = Date.UTC(2024, 0, 15, 12, 0, 0), options: TestClockOptions = {}): TestClock {
  const ms = (at: number | Date): number => (typeof at === 'number' ? at : at.getTime());
  let now = ms(start);
  const tick = options.tickMs ?? 0;
  return {
    now: () => {
      const t = now;
      now += tick;
      return t;
    },
    set: (at) => {
      now = ms(at);
    },
    advance: (by) => {
      now += by;
    },
  };
}
