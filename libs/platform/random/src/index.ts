// Public API of @embedding-studio/random.
export { createRng, sampleWithoutReplacement, seedFrom, shuffle } from './lib/rng.js';
export type { Rng } from './lib/rng.js';
