// Error catalogue of @embedding-studio/vector-index. Every code is listed in the README "Errors"
// table; renaming a code is a breaking change.
import { ConflictError, InputError, NotFoundError, UnavailableError } from '@embedding-studio/errors';

/** A collection name, spec, document, filter or search request breaks the port's rules. */
export class VectorIndexInvalidInputError extends InputError {
  constructor(field: string, problem: string) {
    super('VECTOR_INDEX_INVALID_INPUT', `Invalid ${field}: ${problem}.`, { details: { field, problem } });
  }
}

/** The named collection or alias does not exist. */
export class VectorIndexCollectionNotFoundError extends NotFoundError {
  constructor(name: string) {
    super('VECTOR_INDEX_COLLECTION_NOT_FOUND', `No collection or alias named ${JSON.stringify(name)}; create it with ensureCollection first.`, {
      details: { collection: name },
    });
  }
}

/** `ensureCollection` found a collection of the same name with another spec. */
export class VectorIndexSpecMismatchError extends ConflictError {
  constructor(name: string, problem: string) {
    super('VECTOR_INDEX_SPEC_MISMATCH', `Collection ${JSON.stringify(name)} exists with another spec: ${problem}. Use a new collection name.`, {
      details: { collection: name, problem },
    });
  }
}

/** An alias compare-and-set failed, or a collection that an alias points at was to be dropped. */
export class VectorIndexAliasConflictError extends ConflictError {
  constructor(alias: string, expected: string | null | undefined, actual: string | undefined) {
    super(
      'VECTOR_INDEX_ALIAS_CONFLICT',
      `Alias ${JSON.stringify(alias)} points at ${JSON.stringify(actual ?? null)}, not ${JSON.stringify(expected ?? null)}; read it again and retry.`,
      { details: { alias, expected: expected ?? null, actual: actual ?? null } },
    );
  }
}

/** The engine could not be reached or failed; retrying later may succeed. */
export class VectorIndexUnavailableError extends UnavailableError {
  constructor(engine: string, operation: string, cause?: unknown) {
    super('VECTOR_INDEX_UNAVAILABLE', `The ${engine} vector engine failed during ${operation}; retry later.`, {
      details: { engine, operation },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

export const VECTOR_INDEX_ERROR_CODES = [
  'VECTOR_INDEX_INVALID_INPUT',
  'VECTOR_INDEX_COLLECTION_NOT_FOUND',
  'VECTOR_INDEX_SPEC_MISMATCH',
  'VECTOR_INDEX_ALIAS_CONFLICT',
  'VECTOR_INDEX_UNAVAILABLE',
] as const;
export type VectorIndexErrorCode = (typeof VECTOR_INDEX_ERROR_CODES)[number];
