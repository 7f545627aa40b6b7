import type { VectorTable } from '../vectors/vector-table.js';

/** Weights tried for C-pop's popularity term, smallest first. */
export const C_POP_GRID: readonly number[] = [0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2];

/**
 * The C-pop score offset of every item: w · ln(1 + clicks on the item), aligned with the item
 * rows. Added to the base cosine, it ranks by "B0 score + popularity" with no embedding change.
 */
export function popularityBoost(items: VectorTable, clicksPerDoc: ReadonlyMap<string, number>, w: number): Float32Array {
  const boost = new Float32Array(items.ids.length);
  if (w === 0) return boost;
  items.ids.forEach((id, r) => {
    const c = clicksPerDoc.get(id) ?? 0;
    if (c > 0) boost[r] = w * Math.log1p(c);
  });
  return boost;
}

/**
 * Picks the weight with the best `score` (e.g. dev nDCG@10). Ties go to the smaller weight,
 * so "no popularity" wins when popularity does not help.
 */
export function tuneWeight(grid: readonly number[], score: (w: number) => number): { w: number; score: number; tried: Array<{ w: number; score: number }> } {
  const tried = [...grid].sort((a, b) => a - b).map((w) => ({ w, score: score(w) }));
  let best = tried[0] ?? { w: 0, score: Number.NaN };
  for (const t of tried) if (t.score > best.score) best = t;
  return { w: best.w, score: best.score, tried };
}
