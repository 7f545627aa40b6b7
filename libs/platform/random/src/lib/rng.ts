/**
 * A seeded pseudo-random generator. Same seed, same sequence, on every machine: every
 * stochastic step in training and benchmarking takes one, so runs are reproducible.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). Throws on n ≤ 0 or a non-integer n. */
  int(n: number): number;
  /** Standard normal sample (Box–Muller). */
  normal(): number;
  /** A new independent generator derived from this one (for sub-tasks). */
  fork(): Rng;
}

/** Hashes any string or number to a 32-bit seed (FNV-1a over the string form). */
export function seedFrom(value: string | number): number {
  const s = String(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a generator (sfc32 seeded through splitmix32) from a number or string seed. */
export function createRng(seed: number | string): Rng {
  let s = typeof seed === 'number' && Number.isInteger(seed) ? seed >>> 0 : seedFrom(seed);
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | undefined;
  const rng: Rng = {
    next,
    int(n) {
      if (!Number.isInteger(n) || n <= 0) throw new RangeError(`int(n) needs a positive integer n, got ${n}`);
      return Math.floor(next() * n);
    },
    normal() {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork() {
      return createRng(Math.floor(next() * 4294967296));
    },
  };
  return rng;
}

/** Returns a shuffled copy (Fisher–Yates); the input is not modified. */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/**
 * Picks `k` distinct elements (by position) without replacement, in random order.
 * `k` larger than the input returns every element once.
 */
export function sampleWithoutReplacement<T>(items: readonly T[], k: number, rng: Rng): T[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const n = items.length;
  const take = Math.min(k, n);
  const pool = items.slice();
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(n - i);
    const tmp = pool[i] as T;
    pool[i] = pool[j] as T;
    pool[j] = tmp;
  }
  return pool.slice(0, take);
}
