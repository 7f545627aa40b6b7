import { createVectorTable } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';
import type { QueryAdapter } from './learner.js';

/**
 * A query-side linear adapter in plain JS: q' = normalise(q · W), W being `dimension ×
 * dimension`, row-major (W[i][j] at i·d + j).
 */
export function linearQueryAdapter(weights: Float32Array, dimension: number): QueryAdapter {
  if (weights.length !== dimension * dimension) {
    throw new RangeError(`weights must hold ${dimension}² = ${dimension * dimension} floats, got ${weights.length}`);
  }
  const w = Float32Array.from(weights);
  return {
    dimension,
    apply(queries: VectorTable): VectorTable {
      const d = dimension;
      const n = queries.ids.length;
      const out = new Float32Array(n * d);
      const acc = new Float64Array(d);
      for (let r = 0; r < n; r++) {
        acc.fill(0);
        const o = r * d;
        for (let i = 0; i < d; i++) {
          const qi = queries.data[o + i] as number;
          if (qi === 0) continue;
          const wo = i * d;
          for (let j = 0; j < d; j++) acc[j] = (acc[j] as number) + qi * (w[wo + j] as number);
        }
        for (let j = 0; j < d; j++) out[o + j] = acc[j] as number;
      }
      return createVectorTable(queries.ids, out, d, true);
    },
  };
}

/** A `d × d` identity matrix, row-major. */
export function identityWeights(dimension: number): Float32Array {
  const w = new Float32Array(dimension * dimension);
  for (let i = 0; i < dimension; i++) w[i * dimension + i] = 1;
  return w;
}
