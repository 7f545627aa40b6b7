// Test helpers of @embedding-studio/experiments-tracker: record builders, an in-memory artifact
// sink, a controllable clock and the contract suite every ExperimentsStore adapter runs.
export { aModelRecord, aRun, anIteration } from './lib/testing/builders.js';
export { createMemoryModelArtifacts, MemoryArtifactMissingError } from './lib/testing/memory-artifacts.js';
export type { MemoryArtifactDownload, MemoryModelArtifacts } from './lib/testing/memory-artifacts.js';
export { experimentsStoreContract } from './lib/testing/store-contract.js';
export type { ExperimentsStoreContractOptions, ExperimentsStoreFixture } from './lib/testing/store-contract.js';
