// Public API of @embedding-studio/artifact-store. Name every export; nothing else is importable.

// models
export { DEFAULT_CONTENT_TYPE } from './lib/artifact-store.js';
export type { ArtifactBody, ArtifactInfo, ArtifactPutOptions, ArtifactStore } from './lib/artifact-store.js';

// key rules
export {
  MAX_ARTIFACT_KEY_LENGTH,
  MAX_ARTIFACT_SEGMENT_LENGTH,
  RESERVED_SEGMENT_SUFFIX,
  artifactKeyProblem,
  assertValidArtifactKey,
  assertValidArtifactPrefix,
  assertValidContentType,
  isValidArtifactKey,
} from './lib/keys.js';

// checksums (for adapter authors)
export { assertArtifactIntegrity, integrityCheckedStream } from './lib/checksum.js';

// constructors
export { createMemoryArtifactStore } from './lib/memory-store.js';
export type { MemoryArtifactStoreOptions } from './lib/memory-store.js';
export { createFsArtifactStore } from './lib/fs/fs-store.js';
export type { FsArtifactStoreOptions } from './lib/fs/fs-store.js';

// errors
export {
  ARTIFACT_STORE_ERROR_CODES,
  ArtifactIntegrityError,
  ArtifactInvalidContentTypeError,
  ArtifactInvalidKeyError,
  ArtifactNotFoundError,
  ArtifactStoreOptionsError,
  ArtifactStoreUnavailableError,
} from './errors.js';
