import { createRng } from '@embedding-studio/random';

// Module-level bindings: global lookups are slow inside sandboxes such as Jest's vm contexts.
const { cos, imul, log, sin, sqrt, PI } = Math;

/**
 * Fills `out` with normal(0, std²) samples, reproducibly for a seed. A tight mulberry32 +
 * Box–Muller loop (seeded from `@embedding-studio/random`), fast enough for tables of millions
 * of entries; changing it changes every seeded model, so it is frozen.
 */
export function fillNormal(out: Float32Array, seed: number | string, std: number): Float32Array {
  let state = Math.floor(createRng(seed).next() * 4294967296) | 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const twoPi = 2 * PI;
  for (let i = 0; i < out.length; i += 2) {
    const radius = sqrt(-2 * log(1 - uniform())) * std; // 1 − u ∈ (0, 1]: no log(0)
    const angle = twoPi * uniform();
    out[i] = radius * cos(angle);
    if (i + 1 < out.length) out[i + 1] = radius * sin(angle);
  }
  return out;
}
