/** Source of the current time, injectable so tests never sleep. */
export interface Clock {
  /** Current UTC time in epoch seconds (integer). */
  nowSeconds(): number;
}

export const systemClock: Clock = { nowSeconds: () => Math.floor(Date.now() / 1000) };
