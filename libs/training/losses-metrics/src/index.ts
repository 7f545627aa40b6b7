// Public API of @embedding-studio/losses-metrics (pure TypeScript; never imports tfjs — the
// tfjs losses live in the `./tfjs` entry).

// Ranking metrics (trec_eval semantics)
export { rankDocuments } from './lib/ranking/rank-documents.js';
export type { DocumentScores, RankDocumentsOptions, TieBreak } from './lib/ranking/rank-documents.js';
export { averagePrecisionAtK, ndcgAtK, precisionAtK, prepareJudgments, recallAtK, reciprocalRankAtK } from './lib/ranking/ranking-metrics.js';
export type { Judgments, PreparedJudgments, RelevanceOptions } from './lib/ranking/ranking-metrics.js';
export { DEFAULT_METRICS, evaluateRanked, evaluateRun } from './lib/ranking/evaluate-run.js';
export type { EvaluateRunOptions, MetricKey, MetricName, MetricSpec, Qrels, RankedRun, Run, RunEvaluation, SkipReason } from './lib/ranking/evaluate-run.js';

// DistanceShift (the training-time quality metric)
export {
  DistanceShiftEpoch,
  MAIN_METRIC,
  batchDistanceShift,
  distanceShiftMetrics,
  irrelevantDistanceShift,
  notIrrelevantDistanceShift,
  sessionDistanceShift,
} from './lib/distance-shift/distance-shift.js';
export type { BatchDistanceShift, DistanceShiftOptions, SessionShiftScores } from './lib/distance-shift/distance-shift.js';

// Metric values and accumulators
export { metricValue, withPrefix } from './lib/accumulator/metric-value.js';
export type { MetricValue } from './lib/accumulator/metric-value.js';
export { MetricsAccumulator } from './lib/accumulator/metrics-accumulator.js';
export type { MetricsAccumulatorOptions } from './lib/accumulator/metrics-accumulator.js';

// Statistics for benchmark reports
export { meanStd, tInterval, tInterval95 } from './lib/stats/intervals.js';
export type { MeanStd, TInterval } from './lib/stats/intervals.js';
export { studentTCdf, studentTQuantile } from './lib/stats/student-t.js';
export { pairedBootstrapCI, quantileSorted } from './lib/stats/bootstrap.js';
export type { BootstrapInterval, BootstrapOptions } from './lib/stats/bootstrap.js';
export { pairedDeltas, shareHurt, shareImproved } from './lib/stats/shares.js';
export type { PairedDeltas } from './lib/stats/shares.js';

// Click propensities
export { S1_EXAMINATION, ipsWeight } from './lib/ips/ips-weight.js';
export type { IpsWeightOptions } from './lib/ips/ips-weight.js';

// Errors
export {
  LossesMetricsInvalidArgumentError,
  LossesMetricsNoJudgedQueriesError,
  LossesMetricsNotEnoughValuesError,
  LossesMetricsShapeMismatchError,
} from './errors.js';
