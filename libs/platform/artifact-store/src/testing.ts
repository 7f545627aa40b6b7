// Test helpers of @embedding-studio/artifact-store: the in-memory store and the contract suite
// every ArtifactStore adapter runs.
export { createMemoryArtifactStore } from './lib/memory-store.js';
export type { MemoryArtifactStoreOptions } from './lib/memory-store.js';
export { artifactStoreContract, pseudoRandomBytes } from './lib/testing/contract.js';
export type { ArtifactStoreContractOptions } from './lib/testing/contract.js';
