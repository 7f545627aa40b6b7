// Test helpers of @embedding-studio/search-indexing: in-memory sources, a deterministic encoder, a
// recording target, crash plans, builders and the JobStore contract suite.
export { anImportJob, createCrashPlan, createHashEncoder, createMemoryJsonlSource, createRecordingTarget, jsonlItems } from './lib/testing/fixtures.js';
export { jobStoreContract } from './lib/testing/contract.js';
export type { JobStoreFixture } from './lib/testing/contract.js';
export { createHashEncoders, createMemoryReindexCatalog } from './lib/testing/reindex-fixtures.js';
