// Test helpers of @embedding-studio/vector-index: the exact in-memory index, the in-memory alias
// registry, and the contract suites every VectorIndex adapter and AliasRegistry runs.
export { createMemoryVectorIndex } from './lib/memory/memory-vector-index.js';
export { createMemoryAliasRegistry } from './lib/aliases/alias-registry.js';
export { CONTRACT_FILTERS, exactTopK, randomVector, seededRandom, vectorIndexContract } from './lib/testing/contract.js';
export type { VectorIndexContractOptions } from './lib/testing/contract.js';
export { aliasRegistryContract } from './lib/testing/alias-registry-contract.js';
export type { AliasRegistryContractOptions } from './lib/testing/alias-registry-contract.js';
