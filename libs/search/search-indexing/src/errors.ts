// The error catalogue of @embedding-studio/search-indexing. Every code is listed in README.md.
import { ConflictError, InputError, NotFoundError, UnavailableError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** Every error code this lib throws (public contract: renaming one is a breaking change). */
export const SEARCH_INDEXING_ERROR_CODES = [
  'SEARCH_INDEXING_VALIDATION',
  'SEARCH_INDEXING_SOURCE_REFUSED',
  'SEARCH_INDEXING_SOURCE_EMPTY',
  'SEARCH_INDEXING_JOB_NOT_FOUND',
  'SEARCH_INDEXING_LEASE_LOST',
  'SEARCH_INDEXING_CONTENTION',
  'SEARCH_INDEXING_DUPLICATE_ID',
  'SEARCH_INDEXING_SOURCE_READ_FAILED',
  'SEARCH_INDEXING_REINDEX_REFUSED',
  'SEARCH_INDEXING_GATE_FAILED',
  'SEARCH_INDEXING_LIVE_CHANGED',
] as const;

export type SearchIndexingErrorCode = (typeof SEARCH_INDEXING_ERROR_CODES)[number];

/** A request body failed validation; `issues` names every bad field. */
export class IndexingValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('SEARCH_INDEXING_VALIDATION', issues);
  }
}

/** The source names something this server may not read (outside the import root, an unconfigured bucket). */
export class IndexingSourceRefusedError extends InputError {
  constructor(field: string, message: string) {
    super('SEARCH_INDEXING_SOURCE_REFUSED', `${field}: ${message}`, { details: { field } });
  }
}

/** The source exists but holds no JSONL object to import. */
export class IndexingSourceEmptyError extends InputError {
  constructor(field: string, source: string) {
    super('SEARCH_INDEXING_SOURCE_EMPTY', `${field}: ${source} holds no .jsonl file (or object); point it at a JSONL file, a folder or a prefix that has some.`, {
      details: { field, source },
    });
  }
}

/** No indexing job has this id. */
export class IndexingJobNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('SEARCH_INDEXING_JOB_NOT_FOUND', `Indexing job ${JSON.stringify(id)} not found; use the id that POST …/imports answered.`, { details: { id } });
  }
}

/** A worker acted on a job it no longer holds (its lease expired and another worker took it over, or it finished). */
export class IndexingLeaseLostError extends ConflictError {
  constructor(id: string, owner: string, holder: string | null, status: string) {
    super('SEARCH_INDEXING_LEASE_LOST', `Indexing job ${id} is ${status} and held by ${JSON.stringify(holder)}, not ${JSON.stringify(owner)}; stop working on it.`, {
      details: { id, owner, holder, status },
    });
  }
}

/** So many writers changed the job at once that this change could not be applied; retry it. */
export class IndexingContentionError extends UnavailableError {
  constructor(id: string, tries: number) {
    super('SEARCH_INDEXING_CONTENTION', `Indexing job ${id} changed ${tries} times while this change was being applied; retry.`, { details: { id, tries } });
  }
}

/** A job with this id exists already (ids are generated, so this is a bug or a replayed insert). */
export class IndexingDuplicateIdError extends ConflictError {
  constructor(id: string) {
    super('SEARCH_INDEXING_DUPLICATE_ID', `An indexing job with id ${id} exists already.`, { details: { id } });
  }
}

/** Reading a source failed for a reason that may pass (network, a missing object); the job retries. */
export class IndexingSourceReadError extends UnavailableError {
  constructor(source: string, cause: unknown) {
    super('SEARCH_INDEXING_SOURCE_READ_FAILED', `Reading ${source} failed: ${cause instanceof Error ? cause.message : String(cause)}; the job retries it.`, {
      details: { source },
      cause,
    });
  }
}

/** The reindex request is not possible as asked (unknown encoder, the same encoder as live). */
export class IndexingReindexRefusedError extends InputError {
  constructor(field: string, message: string) {
    super('SEARCH_INDEXING_REINDEX_REFUSED', `${field}: ${message}`, { details: { field } });
  }
}

/** The new version failed its gate; the live version is untouched. `details.gate` holds every check. */
export class IndexingGateFailedError extends ConflictError {
  constructor(collection: string, failed: string[], gate: Record<string, unknown>) {
    super('SEARCH_INDEXING_GATE_FAILED', `The new version of ${collection} failed its gate (${failed.join('; ')}); the live version keeps serving.`, {
      details: { collection, failed, gate },
    });
  }
}

/** Another deploy or reindex changed the collection's live version during the build. */
export class IndexingLiveChangedError extends ConflictError {
  constructor(collection: string, expected: string, found: string) {
    super('SEARCH_INDEXING_LIVE_CHANGED', `The live version of ${collection} changed from ${expected} to ${found} during the reindex; start a new reindex.`, {
      details: { collection, expected, found },
    });
  }
}
