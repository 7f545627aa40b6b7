// Public API of @embedding-studio/artifact-store-s3. Name every export; nothing else is importable.

// constructors
export { createS3ArtifactStore, createS3ArtifactStoreWithClient } from './lib/s3-store.js';
export type { S3ArtifactStore, S3ArtifactStoreOptions, S3ClientLike, S3StoreInternals } from './lib/s3-store.js';

// errors
export { ARTIFACT_STORE_S3_ERROR_CODES, ArtifactStoreS3RequestError } from './errors.js';
export { isTransientS3Error, translateS3Error } from './lib/translate-error.js';
export type { S3RequestContext } from './lib/translate-error.js';
