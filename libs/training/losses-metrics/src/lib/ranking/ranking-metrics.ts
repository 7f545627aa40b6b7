import { checkInteger, checkFinite } from '../internal/check.js';
import { entriesOf } from './rank-documents.js';

/** Document id → relevance grade of one query (0 = judged non-relevant). A plain object or a Map. */
export type Judgments = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

export interface RelevanceOptions {
  /**
   * A document counts as relevant for the binary metrics (Recall, MRR, Precision, MAP) when its
   * grade is at least this value (trec_eval's `relevance_level`). nDCG uses the grade itself
   * as gain for every grade > 0.
   * @defaultValue 1
   */
  relevanceThreshold?: number;
}

/** A query's judgments read once: grade lookup, relevant count and ideal gains. */
export interface PreparedJudgments {
  grade(docId: string): number;
  /** Number of judged documents with grade ≥ the relevance threshold. */
  readonly relevantCount: number;
  /** Positive grades sorted descending (the ideal ranking's gains). */
  readonly idealGains: readonly number[];
  readonly relevanceThreshold: number;
}

/** Reads a query's judgments once so several metrics can share the work. */
export function prepareJudgments(judgments: Judgments | PreparedJudgments, options: RelevanceOptions = {}): PreparedJudgments {
  if (isPrepared(judgments)) return judgments;
  const threshold = checkFinite('relevanceThreshold', options.relevanceThreshold ?? 1);
  const grades = new Map<string, number>();
  const gains: number[] = [];
  let relevantCount = 0;
  for (const [doc, grade] of entriesOf(judgments)) {
    checkFinite(`grade of document ${JSON.stringify(doc)}`, grade);
    grades.set(doc, grade);
    if (grade > 0) gains.push(grade);
    if (grade >= threshold) relevantCount++;
  }
  gains.sort((a, b) => b - a);
  return { grade: (doc) => grades.get(doc) ?? 0, relevantCount, idealGains: gains, relevanceThreshold: threshold };
}

function isPrepared(j: Judgments | PreparedJudgments): j is PreparedJudgments {
  return typeof (j as PreparedJudgments).grade === 'function' && !(j instanceof Map);
}

/**
 * nDCG@k, trec_eval `ndcg_cut` semantics: gain = the grade (linear, grades ≤ 0 give 0),
 * discount log2(rank + 1) with 1-based ranks, ideal DCG over **all** judged documents of the
 * query (not only the retrieved ones), both cut at k. `ranking` is in final order; k may
 * exceed its length. 0 when the query has no positive grade.
 */
export function ndcgAtK(ranking: readonly string[], judgments: Judgments | PreparedJudgments, k: number, options: RelevanceOptions = {}): number {
  checkInteger('k', k, 1);
  const j = prepareJudgments(judgments, options);
  let dcg = 0;
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) {
    const g = j.grade(ranking[i] as string);
    if (g > 0) dcg += g / Math.log2(i + 2);
  }
  let ideal = 0;
  const m = Math.min(k, j.idealGains.length);
  for (let i = 0; i < m; i++) ideal += (j.idealGains[i] as number) / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/**
 * Recall@k: relevant documents in the first k divided by **all** relevant judged documents of
 * the query (trec_eval `recall_k`). 0 when the query has no relevant document.
 */
export function recallAtK(ranking: readonly string[], judgments: Judgments | PreparedJudgments, k: number, options: RelevanceOptions = {}): number {
  checkInteger('k', k, 1);
  const j = prepareJudgments(judgments, options);
  if (j.relevantCount === 0) return 0;
  return countRelevant(ranking, j, k) / j.relevantCount;
}

/** Precision@k: relevant documents in the first k divided by k (trec_eval `P_k`: missing ranks count as misses). */
export function precisionAtK(ranking: readonly string[], judgments: Judgments | PreparedJudgments, k: number, options: RelevanceOptions = {}): number {
  checkInteger('k', k, 1);
  return countRelevant(ranking, prepareJudgments(judgments, options), k) / k;
}

/**
 * Reciprocal rank of the first relevant document within the first k (MRR@k for one query);
 * 0 when none of the first k is relevant.
 */
export function reciprocalRankAtK(ranking: readonly string[], judgments: Judgments | PreparedJudgments, k: number, options: RelevanceOptions = {}): number {
  checkInteger('k', k, 1);
  const j = prepareJudgments(judgments, options);
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) if (j.grade(ranking[i] as string) >= j.relevanceThreshold) return 1 / (i + 1);
  return 0;
}

/**
 * Average precision cut at k (trec_eval `map_cut_k`): the sum of precision@r over the ranks
 * r ≤ k holding a relevant document, divided by all relevant judged documents.
 */
export function averagePrecisionAtK(ranking: readonly string[], judgments: Judgments | PreparedJudgments, k: number, options: RelevanceOptions = {}): number {
  checkInteger('k', k, 1);
  const j = prepareJudgments(judgments, options);
  if (j.relevantCount === 0) return 0;
  let hits = 0;
  let sum = 0;
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) {
    if (j.grade(ranking[i] as string) >= j.relevanceThreshold) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / j.relevantCount;
}

function countRelevant(ranking: readonly string[], j: PreparedJudgments, k: number): number {
  let hits = 0;
  const n = Math.min(k, ranking.length);
  for (let i = 0; i < n; i++) if (j.grade(ranking[i] as string) >= j.relevanceThreshold) hits++;
  return hits;
}
