// Test helpers of @embedding-studio/search-core (builders, in-memory adapters, contract suites).
export { createMemoryCatalogStore } from './lib/memory-catalog-store.js';
export { aSearchCollection, aSearchProfile, searchCatalogStoreContract } from './testing/catalog-contract.js';
export type { CatalogStorePair } from './testing/catalog-contract.js';
export { createHashingEncoder, createMemorySessionRecorder, createStaticEncoderProvider } from './testing/fakes.js';
export type { MemorySessionRecorder } from './testing/fakes.js';
export { aLinearAdapterArtifact, aLowRankAdapterArtifact } from './testing/adapter-artifact.js';
