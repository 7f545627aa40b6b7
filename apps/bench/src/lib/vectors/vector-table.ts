import { BenchInvalidArgumentError } from '../../errors.js';

/** Row-major vectors addressed by id (doc id or query text). */
export interface VectorTable {
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly dimension: number;
  /** `ids.length × dimension` floats, row-major. */
  readonly data: Float32Array;
}

/** L2-normalises every row in place (zero rows stay zero). */
export function l2NormaliseRows(data: Float32Array, dimension: number): Float32Array {
  const rows = data.length / dimension;
  for (let r = 0; r < rows; r++) {
    const o = r * dimension;
    let s = 0;
    for (let j = 0; j < dimension; j++) {
      const v = data[o + j] as number;
      s += v * v;
    }
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < dimension; j++) data[o + j] = (data[o + j] as number) * inv;
  }
  return data;
}

/**
 * Builds a table over `data` (not copied). Ids must be unique and `data.length` must equal
 * `ids.length × dimension`. Rows are L2-normalised in place unless `normalise` is false.
 */
export function createVectorTable(ids: readonly string[], data: Float32Array, dimension: number, normalise = true): VectorTable {
  if (!Number.isInteger(dimension) || dimension <= 0 || data.length !== ids.length * dimension) {
    throw new BenchInvalidArgumentError(
      `Vector table shape mismatch: ${ids.length} ids × ${dimension} dims needs ${ids.length * dimension} floats, got ${data.length}.`,
    );
  }
  const index = new Map<string, number>();
  ids.forEach((id, i) => {
    if (index.has(id)) throw new BenchInvalidArgumentError(`Vector table has a duplicate id "${id}".`);
    index.set(id, i);
  });
  if (normalise) l2NormaliseRows(data, dimension);
  return { ids, index, dimension, data };
}

/** The row of `id` (a view, not a copy), or undefined. */
export function rowOf(table: VectorTable, id: string): Float32Array | undefined {
  const i = table.index.get(id);
  return i === undefined ? undefined : table.data.subarray(i * table.dimension, (i + 1) * table.dimension);
}

/** A new table holding the rows of `ids` (copied), in that order. Unknown ids throw. */
export function selectRows(table: VectorTable, ids: readonly string[]): VectorTable {
  const d = table.dimension;
  const out = new Float32Array(ids.length * d);
  ids.forEach((id, r) => {
    const row = rowOf(table, id);
    if (!row) throw new BenchInvalidArgumentError(`No vector for "${id.slice(0, 80)}".`);
    out.set(row, r * d);
  });
  return createVectorTable(ids, out, d, false);
}
