import { ndcgAtK, prepareJudgments, recallAtK, reciprocalRankAtK } from '@embedding-studio/losses-metrics';
import type { Qrels } from '@embedding-studio/click-simulation';
import type { Hit } from '../vectors/exact-search.js';

/** The four per-query metrics of the protocol. */
export interface QueryMetrics {
  readonly ndcg10: number;
  readonly recall10: number;
  readonly recall100: number;
  readonly mrr10: number;
}

export interface RunEvaluation {
  readonly mean: QueryMetrics;
  readonly perQuery: ReadonlyMap<string, QueryMetrics>;
}

/**
 * Evaluates a run (query id → ranked hits, already in final order) on exactly `queryIds`, with
 * the trec_eval metrics of `@embedding-studio/losses-metrics`: nDCG@10 (linear gain,
 * log2(rank+1) discount, ideal over all judged relevant docs), Recall@10, Recall@100, MRR@10.
 * A listed query missing from the run scores 0 on every metric (trec_eval `-c`).
 */
export function evaluateRun(run: ReadonlyMap<string, readonly Hit[]>, qrels: Qrels, queryIds: readonly string[]): RunEvaluation {
  const perQuery = new Map<string, QueryMetrics>();
  const sum = { ndcg10: 0, recall10: 0, recall100: 0, mrr10: 0 };
  for (const qid of queryIds) {
    const judgments = prepareJudgments(qrels.get(qid) ?? new Map<string, number>());
    const ranked = (run.get(qid) ?? []).map((h) => h.id);
    const m: QueryMetrics = {
      ndcg10: ndcgAtK(ranked, judgments, 10),
      recall10: recallAtK(ranked, judgments, 10),
      recall100: recallAtK(ranked, judgments, 100),
      mrr10: reciprocalRankAtK(ranked, judgments, 10),
    };
    perQuery.set(qid, m);
    sum.ndcg10 += m.ndcg10;
    sum.recall10 += m.recall10;
    sum.recall100 += m.recall100;
    sum.mrr10 += m.mrr10;
  }
  const n = Math.max(1, queryIds.length);
  return {
    perQuery,
    mean: { ndcg10: sum.ndcg10 / n, recall10: sum.recall10 / n, recall100: sum.recall100 / n, mrr10: sum.mrr10 / n },
  };
}
