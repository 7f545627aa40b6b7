// Public API of @embedding-studio/search-comparison. Name every export; nothing else is importable.

// model
export type { Comparison, ComparisonCounts, ComparisonDecision, ComparisonEnd, ComparisonMark, ComparisonMethod, ComparisonRecord, ComparisonStatus, LoggedSearch, Outcome, Team } from './lib/model.js';

// ports
export type { CandidateRanker, ComparisonSearchLog, ComparisonStore, StoredComparison } from './lib/ports.js';

// services
export { createComparisonService, createComparisonTraffic } from './lib/service.js';
export type { ComparisonService, ComparisonServiceOptions, ComparisonTrafficOptions, EstimateView } from './lib/service.js';
export { createAdapterCandidateRanker } from './lib/ranker.js';
export type { AdapterCandidateRankerOptions } from './lib/ranker.js';

// methods and statistics (pure)
export { assignSearch, teamDraft } from './lib/interleave.js';
export type { Assignment, Interleaved } from './lib/interleave.js';
export { comparisonMark, countOutcomes, creditSearch, judge, outcomesOf } from './lib/credit.js';
export type { Verdict } from './lib/credit.js';
export { INTERIM_ALPHA_SHARE, looks, normalCdf, normalQuantile, proportionDifference, signTestPValue, wilsonInterval } from './lib/stats.js';
export type { Look, ProportionDifference } from './lib/stats.js';
export { bootstrapMean, estimatePropensities, ipsEstimate } from './lib/estimate.js';
export type { EstimateSearch, IpsEstimate, IpsOptions } from './lib/estimate.js';

// validation
export { COMPARISON_DEFAULTS, COMPARISON_SCHEMAS, parseEstimate, parseListQuery, parseNewComparison } from './lib/parse.js';
export type { EstimateRequest, NewComparison } from './lib/parse.js';

// errors
export { COMPARISON_ERROR_CODES, ComparisonNotEnoughDataError, ComparisonNotFoundError, ComparisonRunningError, ComparisonValidationError } from './errors.js';
