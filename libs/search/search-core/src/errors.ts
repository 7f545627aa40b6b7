// Error catalogue of @embedding-studio/search-core. Every code is listed in the README "Errors"
// table (a test keeps them in sync); renaming a code is a breaking change.
import { ConflictError, InputError, NotFoundError, PayloadTooLargeError, UnavailableError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** A request body or query failed validation; `details.issues` names every bad field (items by index). */
export class SearchValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('SEARCH_VALIDATION', issues);
  }
}

export class SearchCollectionNotFoundError extends NotFoundError {
  constructor(name: string) {
    super('SEARCH_COLLECTION_NOT_FOUND', `Collection ${JSON.stringify(name)} not found; create it with POST /collections first.`, {
      details: { collection: name },
    });
  }
}

export class SearchCollectionExistsError extends ConflictError {
  constructor(name: string) {
    super('SEARCH_COLLECTION_EXISTS', `Collection ${JSON.stringify(name)} already exists with other settings; pick another name.`, {
      details: { collection: name },
    });
  }
}

export class SearchItemNotFoundError extends NotFoundError {
  constructor(collection: string, id: string) {
    super('SEARCH_ITEM_NOT_FOUND', `Item ${JSON.stringify(id)} not found in collection ${JSON.stringify(collection)}.`, {
      details: { collection, id },
    });
  }
}

/** "Load more" named a search_id this API never answered. */
export class SearchSessionNotFoundError extends NotFoundError {
  constructor(searchId: string) {
    super('SEARCH_SESSION_NOT_FOUND', `Search ${JSON.stringify(searchId)} not found; run POST /search without search_id first.`, {
      details: { search_id: searchId },
    });
  }
}

export class SearchProfileNotFoundError extends NotFoundError {
  constructor(collection: string, version: number) {
    super('SEARCH_PROFILE_NOT_FOUND', `Collection ${JSON.stringify(collection)} has no search profile version ${version}; list them with GET /deployments?collection=${collection}.`, {
      details: { collection, version },
    });
  }
}

/** A profile switch lost its compare-and-set (another deploy won) or the expected version is stale. */
export class SearchProfileConflictError extends ConflictError {
  constructor(collection: string, expected: number, actual: number) {
    super(
      'SEARCH_PROFILE_CONFLICT',
      `Collection ${JSON.stringify(collection)} is at profile version ${actual}, not ${expected}: another deploy switched it first; read GET /deployments and retry.`,
      { details: { collection, expected, actual } },
    );
  }
}

export class SearchModelNotFoundError extends NotFoundError {
  constructor(modelId: string) {
    super('SEARCH_MODEL_NOT_FOUND', `Model ${JSON.stringify(modelId)} is not in the model registry; list models with GET /models.`, {
      details: { model_id: modelId },
    });
  }
}

/** The model cannot serve this collection (wrong kind, side or dimension, or an unreadable artifact). */
export class SearchModelNotDeployableError extends InputError {
  constructor(modelId: string, reason: string) {
    super('SEARCH_MODEL_NOT_DEPLOYABLE', `Model ${JSON.stringify(modelId)} cannot be deployed: ${reason}.`, {
      details: { model_id: modelId, reason },
    });
  }
}

export class SearchUnknownEncoderError extends InputError {
  constructor(encoder: string, known: readonly string[]) {
    super('SEARCH_UNKNOWN_ENCODER', `Unknown encoder ${JSON.stringify(encoder)}; use one of: ${known.join(', ')}.`, {
      details: { field: 'model.encoder', encoder, known: [...known] },
    });
  }
}

export class SearchPayloadTooLargeError extends PayloadTooLargeError {
  constructor(what: string, limit: number, actual: number) {
    super('SEARCH_PAYLOAD_TOO_LARGE', `Too many ${what}: ${actual} > ${limit}; split the request into smaller ones.`, {
      details: { what, limit, actual },
    });
  }
}

/** The catalog store or a port failed; retrying later may succeed. */
export class SearchUnavailableError extends UnavailableError {
  constructor(operation: string, cause?: unknown) {
    super('SEARCH_UNAVAILABLE', `Search could not ${operation}; retry later.`, { details: { operation }, ...(cause === undefined ? {} : { cause }) });
  }
}

export const SEARCH_ERROR_CODES = [
  'SEARCH_VALIDATION',
  'SEARCH_COLLECTION_NOT_FOUND',
  'SEARCH_COLLECTION_EXISTS',
  'SEARCH_ITEM_NOT_FOUND',
  'SEARCH_SESSION_NOT_FOUND',
  'SEARCH_PROFILE_NOT_FOUND',
  'SEARCH_PROFILE_CONFLICT',
  'SEARCH_MODEL_NOT_FOUND',
  'SEARCH_MODEL_NOT_DEPLOYABLE',
  'SEARCH_UNKNOWN_ENCODER',
  'SEARCH_PAYLOAD_TOO_LARGE',
  'SEARCH_UNAVAILABLE',
] as const;
export type SearchErrorCode = (typeof SEARCH_ERROR_CODES)[number];
