// Error catalogue of @embedding-studio/artifact-store-s3. Besides the code below, the S3 store
// throws the @embedding-studio/artifact-store codes (ARTIFACT_STORE_NOT_FOUND,
// ARTIFACT_STORE_UNAVAILABLE, …); the README "Errors" table lists all of them.
import { InternalError } from '@embedding-studio/errors';

/**
 * S3 refused a request for a reason retrying will not fix (no such bucket, access denied, bad
 * credentials, …). `details.s3Code` holds S3's error code.
 */
export class ArtifactStoreS3RequestError extends InternalError {
  constructor(message: string, details: Record<string, unknown>, cause?: unknown) {
    super('ARTIFACT_STORE_S3_REQUEST_FAILED', message, cause === undefined ? { details } : { details, cause });
  }
}

/** Every code this lib defines. */
export const ARTIFACT_STORE_S3_ERROR_CODES = ['ARTIFACT_STORE_S3_REQUEST_FAILED'] as const;
