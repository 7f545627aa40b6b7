import { examinationPropensity } from './propensity.js';
import type { FeedbackSettings } from './settings.js';
import type { DocStats, NeighbourFeedback, QueryFeedback } from './store.js';

/** Position-debiased evidence about one result: clicks against expected examinations. */
export interface DocEvidence {
  readonly clicks: number;
  /** Σ over impressions of the examination propensity of their position, plus irrelevant marks. */
  readonly examinations: number;
}

/** The evidence a query can use, and where it came from. */
export interface QueryEvidence {
  readonly docs: ReadonlyMap<string, DocEvidence>;
  /** The logged queries it was gathered from, with their weights (1 for the query itself). */
  readonly sources: ReadonlyArray<{ readonly key: string; readonly weight: number; readonly similarity: number }>;
}

export const NO_EVIDENCE: QueryEvidence = Object.freeze({ docs: new Map<string, DocEvidence>(), sources: [] });

type PropensitySettings = Pick<FeedbackSettings, 'eta' | 'minPropensity' | 'irrelevantWeight'>;

/**
 * Clicks over expected examinations (the COEC estimate): an impression at position k counts as
 * `p(k)` examinations, so a result shown low and never clicked is barely held against it, and a
 * click there weighs more against its few examinations than one at the top.
 */
export function docEvidence(stats: DocStats, settings: PropensitySettings): DocEvidence {
  let examinations = stats.irrelevant * settings.irrelevantWeight;
  for (const [pos, n] of Object.entries(stats.impressions)) examinations += n * examinationPropensity(Number(pos), settings.eta, settings.minPropensity);
  let clicks = 0;
  for (const n of Object.values(stats.clicks)) clicks += n;
  return { clicks, examinations: Math.max(0, examinations) };
}

/**
 * The query's own evidence (weight 1) plus that of its neighbours, each scaled by
 * `neighbourWeight × cosine`. Neighbours must already pass the threshold (the store's job).
 */
export function gatherEvidence(own: QueryFeedback | null, neighbours: readonly NeighbourFeedback[], settings: FeedbackSettings): QueryEvidence {
  const docs = new Map<string, { clicks: number; examinations: number }>();
  const sources: Array<{ key: string; weight: number; similarity: number }> = [];
  const add = (fb: QueryFeedback, weight: number, similarity: number): void => {
    if (weight <= 0) return;
    sources.push({ key: fb.key, weight, similarity });
    for (const [id, stats] of fb.docs) {
      const e = docEvidence(stats, settings);
      const acc = docs.get(id) ?? { clicks: 0, examinations: 0 };
      acc.clicks += weight * e.clicks;
      acc.examinations += weight * e.examinations;
      docs.set(id, acc);
    }
  };
  if (own) add(own, 1, 1);
  for (const n of neighbours) if (n.feedback.key !== own?.key) add(n.feedback, settings.neighbourWeight * n.similarity, n.similarity);
  return { docs, sources };
}

/**
 * How much the evidence says a result beats (> 0) or trails (< 0) an average examined result,
 * in [-1, 1]. The relevance estimate is the Beta-smoothed click rate
 * `r = (clicks + priorStrength·priorCtr) / (examinations + priorStrength)`; the lift is
 * `(r − priorCtr) / (1 − priorCtr)` above the prior and `(r − priorCtr) / priorCtr` below it.
 * No evidence gives `r = priorCtr`, so lift 0.
 */
export function relevanceLift(e: DocEvidence | undefined, settings: Pick<FeedbackSettings, 'priorStrength' | 'priorCtr'>): number {
  if (!e || (e.clicks === 0 && e.examinations === 0)) return 0;
  const p0 = settings.priorCtr;
  const r = (e.clicks + settings.priorStrength * p0) / (e.examinations + settings.priorStrength);
  const lift = r >= p0 ? (r - p0) / (1 - p0) : (r - p0) / p0;
  return Math.max(-1, Math.min(1, lift));
}
