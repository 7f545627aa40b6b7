// Public API of @embedding-studio/vector-index. Name every export; nothing else is importable.

// the port
export type {
  AliasSwitch,
  CollectionSpec,
  Filter,
  FilterValue,
  IndexDoc,
  PayloadFieldType,
  ScanOptions,
  SearchAccuracy,
  VectorHit,
  VectorIndex,
  VectorIndexCapabilities,
  VectorMetric,
  VectorSearchRequest,
  VectorSlot,
  VectorSlotSpec,
} from './lib/vector-index.js';

// rules shared by every adapter
export {
  MAX_SEARCH_K,
  assertValidDocs,
  assertValidFilter,
  assertValidName,
  assertValidSearch,
  assertValidSpec,
  matchesFilter,
  similarity,
} from './lib/rules.js';

// aliases for engines without native ones
export { aliasesFromRegistry, assertNotAliased, assertValidAliasSwitch, createMemoryAliasRegistry } from './lib/aliases/alias-registry.js';
export type { AliasRegistry, AliasTargets } from './lib/aliases/alias-registry.js';

// the exact in-memory index
export { createMemoryVectorIndex, specsEqual } from './lib/memory/memory-vector-index.js';

// errors
export {
  VECTOR_INDEX_ERROR_CODES,
  VectorIndexAliasConflictError,
  VectorIndexCollectionNotFoundError,
  VectorIndexInvalidInputError,
  VectorIndexSpecMismatchError,
  VectorIndexUnavailableError,
} from './errors.js';
export type { VectorIndexErrorCode } from './errors.js';
