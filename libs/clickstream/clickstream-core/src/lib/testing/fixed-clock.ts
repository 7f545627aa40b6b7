import type { Clock } from '../clock.js';

/** A clock that stays where you put it. */
export function createFixedClock(nowSeconds: number): Clock & { set(now: number): void; advance(seconds: number): void } {
  let now = nowSeconds;
  return {
    nowSeconds: () => now,
    set: (v) => {
      now = v;
    },
    advance: (s) => {
      now += s;
    },
  };
}
