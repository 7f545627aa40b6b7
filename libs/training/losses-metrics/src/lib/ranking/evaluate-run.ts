import { LossesMetricsInvalidArgumentError, LossesMetricsNoJudgedQueriesError } from '../../errors.js';
import { checkFinite } from '../internal/check.js';
import { entriesOf, rankDocuments, type DocumentScores, type TieBreak } from './rank-documents.js';
import {
  averagePrecisionAtK,
  ndcgAtK,
  precisionAtK,
  prepareJudgments,
  recallAtK,
  reciprocalRankAtK,
  type Judgments,
  type PreparedJudgments,
} from './ranking-metrics.js';

/** The per-query metrics `evaluateRun` knows. */
export type MetricName = 'ndcg' | 'recall' | 'mrr' | 'precision' | 'map';

/** A metric with its cutoff, e.g. `'ndcg@10'`; its result key drops the `@` (`ndcg10`). */
export type MetricSpec = `${MetricName}@${number}`;

/** The result key of a metric spec: `'ndcg@10'` → `'ndcg10'`. */
export type MetricKey<S extends string> = S extends `${infer N}@${infer K}` ? `${N}${K}` : never;

/** The protocol's metrics: nDCG@10 (primary), Recall@10, Recall@100, MRR@10. */
export const DEFAULT_METRICS = ['ndcg@10', 'recall@10', 'recall@100', 'mrr@10'] as const satisfies readonly MetricSpec[];

/** Query id → its document scores. A plain object or a Map. */
export type Run = Readonly<Record<string, DocumentScores>> | ReadonlyMap<string, DocumentScores>;
/** Query id → its ranked document ids (best first). A plain object or a Map. */
export type RankedRun = Readonly<Record<string, readonly string[]>> | ReadonlyMap<string, readonly string[]>;
/** Query id → its judgments (document id → grade). A plain object or a Map. */
export type Qrels = Readonly<Record<string, Judgments>> | ReadonlyMap<string, Judgments>;

export interface EvaluateRunOptions<M extends readonly MetricSpec[] = typeof DEFAULT_METRICS> {
  /**
   * Metrics to compute, as `name@k`.
   * @defaultValue `['ndcg@10', 'recall@10', 'recall@100', 'mrr@10']`
   */
  metrics?: M;
  /**
   * Grade at or above which a document is relevant for the binary metrics, and which decides
   * whether a query is evaluated at all.
   * @defaultValue 1
   */
  relevanceThreshold?: number;
  /**
   * The queries to evaluate (e.g. a dev split). Queries without a relevant judgment are
   * skipped and reported.
   * @defaultValue every query of `qrels`
   */
  queryIds?: readonly string[];
  /**
   * A judged query that is absent from the run: `'zero'` scores it 0 on every metric (as
   * `trec_eval -c` does), `'skip'` leaves it out of the means (plain trec_eval).
   * @defaultValue 'zero'
   */
  missingQueries?: 'zero' | 'skip';
  /**
   * Order of equal scores (only for scored runs).
   * @defaultValue 'doc-id-asc'
   */
  tieBreak?: TieBreak;
}

/** Why a query is not part of the means. */
export type SkipReason = 'no-relevant-judgments' | 'not-in-run';

export interface RunEvaluation<K extends string = MetricKey<(typeof DEFAULT_METRICS)[number]>> {
  /** Mean over the evaluated queries, per metric key (`ndcg10`, `recall100`…). */
  mean: Record<K, number>;
  /** Query id → metric key → value, for every evaluated query. */
  perQuery: Record<string, Record<K, number>>;
  /** Number of queries in the means. */
  evaluated: number;
  /** Queries left out, with the reason, in the order met. */
  skipped: Array<{ queryId: string; reason: SkipReason }>;
}

interface ParsedMetric {
  key: string;
  fn: (ranking: readonly string[], j: PreparedJudgments, k: number) => number;
  k: number;
}

const FUNCTIONS: Record<MetricName, ParsedMetric['fn']> = {
  ndcg: ndcgAtK,
  recall: recallAtK,
  mrr: reciprocalRankAtK,
  precision: precisionAtK,
  map: averagePrecisionAtK,
};

function parseMetric(spec: string): ParsedMetric {
  const match = /^(ndcg|recall|mrr|precision|map)@([1-9][0-9]*)$/.exec(spec);
  if (!match) throw new LossesMetricsInvalidArgumentError('metrics', `each entry must look like "ndcg@10" (names: ${Object.keys(FUNCTIONS).join(', ')}; k a positive integer)`, spec);
  const name = match[1] as MetricName;
  const k = Number(match[2]);
  return { key: `${name}${k}`, fn: FUNCTIONS[name], k };
}

/**
 * Evaluates a scored run against qrels with trec_eval semantics: each query's documents are
 * ranked by score (ties by document id, see `tieBreak`), then the requested metrics are
 * computed per query and averaged over the evaluated queries.
 *
 * Queries with no judged document at or above `relevanceThreshold` are excluded from the means
 * (and listed in `skipped`), as trec_eval does; a judged query missing from the run scores 0
 * unless `missingQueries: 'skip'`. Throws `LOSSES_METRICS_NO_JUDGED_QUERIES` when nothing is
 * left to average.
 */
export function evaluateRun<const M extends readonly MetricSpec[] = typeof DEFAULT_METRICS>(
  run: Run,
  qrels: Qrels,
  options: EvaluateRunOptions<M> = {},
): RunEvaluation<MetricKey<M[number]>> {
  const tieBreak = options.tieBreak ?? 'doc-id-asc';
  const rankings = new Map<string, readonly string[]>();
  for (const [qid, scores] of entriesOf(run)) rankings.set(qid, rankDocuments(scores, { tieBreak }));
  return evaluateRanked(rankings, qrels, options);
}

/**
 * Like {@link evaluateRun} for runs that are already ordered (query id → document ids, best
 * first). A document listed twice counts once, at its first place.
 */
export function evaluateRanked<const M extends readonly MetricSpec[] = typeof DEFAULT_METRICS>(
  run: RankedRun,
  qrels: Qrels,
  options: EvaluateRunOptions<M> = {},
): RunEvaluation<MetricKey<M[number]>> {
  type K = MetricKey<M[number]>;
  const specs: readonly string[] = options.metrics ?? DEFAULT_METRICS;
  if (specs.length === 0) throw new LossesMetricsInvalidArgumentError('metrics', 'must name at least one metric', []);
  const metrics = specs.map(parseMetric);
  const relevanceThreshold = checkFinite('relevanceThreshold', options.relevanceThreshold ?? 1);
  const missing = options.missingQueries ?? 'zero';
  const runMap = new Map(entriesOf(run));
  const qrelsMap = new Map(entriesOf(qrels));
  const queryIds = options.queryIds ?? [...qrelsMap.keys()];

  const perQuery: Record<string, Record<K, number>> = {};
  const sums = new Map<string, number>(metrics.map((m) => [m.key, 0]));
  const skipped: RunEvaluation['skipped'] = [];
  let evaluated = 0;
  const seen = new Set<string>();
  for (const qid of queryIds) {
    if (seen.has(qid)) continue;
    seen.add(qid);
    const raw = qrelsMap.get(qid);
    const judgments = prepareJudgments(raw ?? {}, { relevanceThreshold });
    if (judgments.relevantCount === 0) {
      skipped.push({ queryId: qid, reason: 'no-relevant-judgments' });
      continue;
    }
    const listed = runMap.get(qid);
    if (listed === undefined && missing === 'skip') {
      skipped.push({ queryId: qid, reason: 'not-in-run' });
      continue;
    }
    const ranking = dedupe(listed ?? []);
    const values = {} as Record<K, number>;
    for (const m of metrics) {
      const v = m.fn(ranking, judgments, m.k);
      (values as Record<string, number>)[m.key] = v;
      sums.set(m.key, (sums.get(m.key) ?? 0) + v);
    }
    perQuery[qid] = values;
    evaluated++;
  }
  if (evaluated === 0) throw new LossesMetricsNoJudgedQueriesError(seen.size, relevanceThreshold);
  const mean = {} as Record<K, number>;
  for (const m of metrics) (mean as Record<string, number>)[m.key] = (sums.get(m.key) ?? 0) / evaluated;
  return { mean, perQuery, evaluated, skipped };
}

function dedupe(ranking: readonly string[]): readonly string[] {
  const set = new Set(ranking);
  return set.size === ranking.length ? ranking : [...set];
}
