import { ndcgAtK, pairedBootstrapCI } from '@embedding-studio/losses-metrics';
import { meanCi } from './click-log.js';
import type { MeanCi } from './click-log.js';
import type { LoopQuery } from './held-out-guard.js';
import type { LoopApi } from './ports.js';

/** A held-out query with its relevance judgments (doc id → grade). */
export interface EvalQuery extends LoopQuery {
  readonly judgments: ReadonlyMap<string, number>;
}

export interface HeldOutEvaluation {
  /** nDCG@k per query id. */
  readonly perQuery: ReadonlyMap<string, number>;
  readonly ndcg: MeanCi;
  /** Profile versions that answered (one, unless a deploy landed mid-evaluation). */
  readonly versions: readonly number[];
}

/**
 * nDCG@k of held-out queries, each searched once through the search route. Nothing is clicked:
 * the answers are scored against the judgments only.
 */
export async function evaluateHeldOut(
  api: LoopApi,
  collection: string,
  queries: readonly EvalQuery[],
  options: { k?: number; userId?: string; onQuery?: (done: number) => void } = {},
): Promise<HeldOutEvaluation> {
  const k = options.k ?? 10;
  const perQuery = new Map<string, number>();
  const versions = new Set<number>();
  for (const q of queries) {
    const answer = await api.search({ collection, query: q.text, k, user_id: options.userId ?? 'held-out-evaluator' });
    versions.add(answer.model.version);
    perQuery.set(
      q.id,
      ndcgAtK(
        answer.results.map((r) => r.object_id),
        q.judgments,
        k,
      ),
    );
    options.onQuery?.(perQuery.size);
  }
  return { perQuery, ndcg: meanCi([...perQuery.values()]), versions: [...versions].sort((a, b) => a - b) };
}

/** The change of nDCG between two evaluations of the same queries, with the paired bootstrap 95% CI over queries. */
export interface NdcgDelta {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly improved: number;
  readonly hurt: number;
}

export function compareEvaluations(before: HeldOutEvaluation, after: HeldOutEvaluation, seed: number | string): NdcgDelta {
  const deltas = [...before.perQuery].map(([id, b]) => (after.perQuery.get(id) ?? 0) - b);
  const ci = pairedBootstrapCI(deltas, { seed, resamples: 10_000 });
  return { mean: ci.mean, lower: ci.lower, upper: ci.upper, improved: deltas.filter((d) => d > 0.01).length, hurt: deltas.filter((d) => d < -0.01).length };
}
