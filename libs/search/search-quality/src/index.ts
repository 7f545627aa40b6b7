// Public API of @embedding-studio/search-quality. Name every export; nothing else is importable.
export { QualityLeaseLostError, QualityValidationError, SEARCH_QUALITY_ERROR_CODES } from './errors.js';
export { BUCKET_SECONDS, bucketStart, rollupId } from './lib/buckets.js';
export type { BucketSize } from './lib/buckets.js';
export { entryHour, mergeEntry, snapshotOf } from './lib/entries.js';
export type { QualityEntry, SessionLike, SessionSnapshot } from './lib/entries.js';
export { LATENCY_BIN_GROWTH, addLatency, emptySketch, latencyBin, mergeSketch, sketchQuantile } from './lib/latency.js';
export type { LatencySketch } from './lib/latency.js';
export { CLICK_CUTOFFS, addOutcome, emptyCounts, mergeCounts, qualityOf, searchOutcome } from './lib/metrics.js';
export type { ClickCutoff, Quality, QualityCounts, SearchOutcome, SearchRecord } from './lib/metrics.js';
export type { DeploymentMark, FoldLease, HourRollup, HourState, HourStateStore, LoggedEntry, QualityLog, QualityRollupStore } from './lib/ports.js';
export { DEFAULT_RANGE_SECONDS, MAX_BUCKETS, QUALITY_QUERY_SCHEMA, parseQualityQuery } from './lib/query.js';
export type { QualityQuery } from './lib/query.js';
export { createQualityFolder, createQualityMetrics, rollupsOfHour } from './lib/service.js';
export type { FoldResult, QualityBucket, QualityFolder, QualityFolderOptions, QualityMetrics, QualityMetricsOptions, QualityReport, QualitySeries } from './lib/service.js';
