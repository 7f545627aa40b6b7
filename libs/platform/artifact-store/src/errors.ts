// Error catalogue of @embedding-studio/artifact-store. Every code here is listed in the README
// "Errors" table (a spec keeps the two in sync); renaming a code is a breaking change.
import { InputError, InternalError, NotFoundError, UnavailableError } from '@embedding-studio/errors';

/** A key or list prefix breaks the key rules; `details.rule` says which one. */
export class ArtifactInvalidKeyError extends InputError {
  constructor(key: string, rule: string, what: 'key' | 'prefix' = 'key') {
    super('ARTIFACT_STORE_INVALID_KEY', `Invalid artifact ${what} ${JSON.stringify(shorten(key))}: ${rule}.`, {
      details: { [what]: key, rule },
    });
  }
}

/** A content type is empty, too long or holds characters an HTTP header cannot carry. */
export class ArtifactInvalidContentTypeError extends InputError {
  constructor(contentType: string, rule: string) {
    super(
      'ARTIFACT_STORE_INVALID_CONTENT_TYPE',
      `Invalid contentType ${JSON.stringify(shorten(contentType))}: ${rule}. Pass a media type such as "application/octet-stream", or omit it.`,
      { details: { contentType, rule } },
    );
  }
}

/** No object is stored under the key. */
export class ArtifactNotFoundError extends NotFoundError {
  constructor(key: string, where?: string) {
    super(
      'ARTIFACT_STORE_NOT_FOUND',
      `No artifact is stored under key ${JSON.stringify(key)}${where ? ` in ${where}` : ''}; check the key (list(prefix) shows what exists) or put it first.`,
      { details: where ? { key, where } : { key } },
    );
  }
}

/** The stored bytes or their metadata do not match the sha256 recorded at write time. */
export class ArtifactIntegrityError extends InternalError {
  constructor(key: string, problem: string, details: Record<string, unknown> = {}) {
    super(
      'ARTIFACT_STORE_INTEGRITY',
      `Artifact ${JSON.stringify(key)} failed its integrity check: ${problem}. The stored copy is damaged or was changed outside the store; put it again from its source.`,
      { details: { key, ...details } },
    );
  }
}

/** The backing storage could not be reached or answered with a server error; retrying later may succeed. */
export class ArtifactStoreUnavailableError extends UnavailableError {
  constructor(message: string, details: Record<string, unknown>, cause?: unknown) {
    super('ARTIFACT_STORE_UNAVAILABLE', message, cause === undefined ? { details } : { details, cause });
  }
}

/** A store factory got options it cannot work with. */
export class ArtifactStoreOptionsError extends InputError {
  constructor(option: string, problem: string) {
    super('ARTIFACT_STORE_INVALID_OPTIONS', `Invalid artifact store option ${option}: ${problem}.`, { details: { option } });
  }
}

/** Every code this lib throws (the README "Errors" table lists the same). */
export const ARTIFACT_STORE_ERROR_CODES = [
  'ARTIFACT_STORE_INVALID_KEY',
  'ARTIFACT_STORE_INVALID_CONTENT_TYPE',
  'ARTIFACT_STORE_NOT_FOUND',
  'ARTIFACT_STORE_INTEGRITY',
  'ARTIFACT_STORE_UNAVAILABLE',
  'ARTIFACT_STORE_INVALID_OPTIONS',
] as const;

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 100)}…(${text.length} chars)` : text;
}
