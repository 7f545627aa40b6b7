// Test helpers of @embedding-studio/losses-metrics: small builders for runs and qrels.
export { aQrels, aRun, runFromRankings } from './lib/testing/builders.js';
