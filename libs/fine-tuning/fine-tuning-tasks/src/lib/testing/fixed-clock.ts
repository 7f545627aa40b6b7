import type { Clock } from '../ports.js';

export interface FixedClock extends Clock {
  set(now: Date | number): void;
  advance(ms: number): void;
}

/** A clock that stays where you put it. */
export function createFixedClock(start: Date | number = Date.UTC(2024, 0, 15, 12, 0, 0)): FixedClock {
  let now = typeof start === 'number' ? start : start.getTime();
  return {
    now: () => new Date(now),
    set: (v) => {
      now = typeof v === 'number' ? v : v.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
