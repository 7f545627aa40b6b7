import type { VectorTable } from './vector-table.js';

/** One ranked hit. */
export interface Hit {
  readonly id: string;
  readonly score: number;
}

/** True when (sa, ia) ranks before (sb, ib): score descending, then id ascending. */
export function ranksBefore(sa: number, ia: string, sb: number, ib: string): boolean {
  return sa > sb || (sa === sb && ia < ib);
}

/** Dot product of `query` with every row of `items` (cosine when both are normalised). */
export function scoreAll(query: Float32Array, items: VectorTable, out = new Float32Array(items.ids.length)): Float32Array {
  const d = items.dimension;
  const data = items.data;
  const n = items.ids.length;
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += (query[j] as number) * (data[o + j] as number);
    out[r] = s;
  }
  return out;
}

/**
 * The `k` best of `scores` (aligned with `ids`), ordered by score descending then id
 * ascending, so ties are resolved the same way on every machine.
 */
export function topK(scores: Float32Array | readonly number[], ids: readonly string[], k: number): Hit[] {
  const take = Math.min(k, ids.length);
  const hs: number[] = [];
  const hi: number[] = [];
  for (let r = 0; r < ids.length; r++) {
    const s = scores[r] as number;
    const id = ids[r] as string;
    if (hs.length === take) {
      const last = hs.length - 1;
      if (!ranksBefore(s, id, hs[last] as number, ids[hi[last] as number] as string)) continue;
      hs.pop();
      hi.pop();
    }
    let pos = hs.length;
    while (pos > 0 && ranksBefore(s, id, hs[pos - 1] as number, ids[hi[pos - 1] as number] as string)) pos--;
    hs.splice(pos, 0, s);
    hi.splice(pos, 0, r);
  }
  return hs.map((s, i) => ({ id: ids[hi[i] as number] as string, score: s }));
}

/**
 * Exact cosine search: for each query row, the top `k` items. `boost` (aligned with item rows)
 * is added to every score before ranking; used by the popularity control.
 */
export function searchTopK(queries: VectorTable, items: VectorTable, k: number, boost?: Float32Array): Map<string, Hit[]> {
  const out = new Map<string, Hit[]>();
  const scores = new Float32Array(items.ids.length);
  const d = queries.dimension;
  for (let q = 0; q < queries.ids.length; q++) {
    scoreAll(queries.data.subarray(q * d, (q + 1) * d), items, scores);
    if (boost) for (let r = 0; r < scores.length; r++) scores[r] = (scores[r] as number) + (boost[r] as number);
    out.set(queries.ids[q] as string, topK(scores, items.ids, k));
  }
  return out;
}
