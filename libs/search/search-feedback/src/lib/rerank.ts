import { relevanceLift } from './evidence.js';
import type { QueryEvidence } from './evidence.js';
import type { FeedbackSettings } from './settings.js';
import { unitVector } from './vectors.js';

/** A hit as the search layer returns it, best first. */
export interface RankedHit {
  readonly id: string;
  readonly score: number;
  readonly rank: number;
}

/**
 * Reorders the engine's first `topN` hits by `score + weight × lift × spread`, where `spread` is
 * the range of engine scores inside that window (so the same settings work for any score scale)
 * and `lift` comes from {@link relevanceLift}. Hits past the window keep their places; the
 * window keeps its set of `rank` values; a reordered hit's `score` is its blended score, never
 * below the window's lowest engine score. With no evidence on any hit of the window the input is
 * returned unchanged.
 */
export function rerankHits<H extends RankedHit>(hits: readonly H[], evidence: QueryEvidence, settings: FeedbackSettings): H[] {
  const n = Math.min(settings.topN, hits.length);
  const window = hits.slice(0, n);
  const lifts = window.map((h) => relevanceLift(evidence.docs.get(h.id), settings));
  if (settings.weight === 0 || lifts.every((l) => l === 0)) return [...hits];
  let min = Infinity;
  let max = -Infinity;
  for (const h of window) {
    min = Math.min(min, h.score);
    max = Math.max(max, h.score);
  }
  const spread = max > min ? max - min : 1;
  const blended = window.map((h, i) => ({ h, i, score: Math.max(min, h.score + settings.weight * (lifts[i] as number) * spread) }));
  blended.sort((a, b) => b.score - a.score || a.i - b.i);
  const ranks = window.map((h) => h.rank);
  const reordered = blended.map((b, j): H => ({ ...b.h, score: b.score, rank: ranks[j] as number }));
  return [...reordered, ...hits.slice(n)];
}

/**
 * Rocchio's step: moves the (unit) query vector towards the centroid of the vectors of results
 * with positive evidence, weighted by their lift, by `rocchioBeta`, and re-normalises. Results
 * without a vector in `itemVectors` are skipped. With `rocchioBeta = 0` or no positive evidence
 * it answers a copy of the input.
 */
export function nudgeQueryVector(
  vector: ArrayLike<number>,
  evidence: QueryEvidence,
  itemVectors: ReadonlyMap<string, ArrayLike<number>>,
  settings: FeedbackSettings,
): Float32Array {
  if (settings.rocchioBeta === 0) return Float32Array.from(vector);
  const centroid = new Float32Array(vector.length);
  let total = 0;
  for (const [id, e] of evidence.docs) {
    const lift = relevanceLift(e, settings);
    const item = itemVectors.get(id);
    if (lift <= 0 || !item || item.length !== vector.length) continue;
    const u = unitVector(item);
    for (let j = 0; j < u.length; j++) centroid[j] = (centroid[j] as number) + lift * (u[j] as number);
    total += lift;
  }
  if (total === 0) return Float32Array.from(vector);
  const q = unitVector(vector);
  for (let j = 0; j < q.length; j++) q[j] = (q[j] as number) + (settings.rocchioBeta * (centroid[j] as number)) / total;
  return unitVector(q);
}
