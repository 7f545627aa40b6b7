import { ConflictError, InputError, NotFoundError, PayloadTooLargeError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** A request body or query failed schema validation; `issues` names every bad field. */
export class ClickstreamValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('CLICKSTREAM_VALIDATION', issues);
  }
}

/** A client timestamp lies outside the accepted window. */
export class ClickstreamInvalidTimestampError extends InputError {
  constructor(field: string, value: number, min: number, max: number) {
    super(
      'CLICKSTREAM_INVALID_TIMESTAMP',
      `Invalid utc timestamp: ${value} (${field}). Accepted: ${min}..${max} (UTC epoch seconds, within the configured window around the server clock); omit it to use the server time.`,
      { details: { field, value, min, max } },
    );
  }
}

/** An event names an object that was not among the session's shown results. */
export class ClickstreamUnknownObjectError extends InputError {
  constructor(sessionId: string, objectIds: string[]) {
    super(
      'CLICKSTREAM_UNKNOWN_OBJECT',
      `Events name object_id(s) ${objectIds.map((o) => JSON.stringify(o)).join(', ')} that are not among the results of session ${JSON.stringify(sessionId)}; add them first with POST /clickstream/session/results.`,
      { details: { session_id: sessionId, object_ids: objectIds } },
    );
  }
}

export class ClickstreamSessionNotFoundError extends NotFoundError {
  constructor(sessionId: string) {
    super('CLICKSTREAM_SESSION_NOT_FOUND', `Session with id=${sessionId} not found; register it first with POST /clickstream/session.`, {
      details: { session_id: sessionId },
    });
  }
}

/** A session_id was re-posted with different content. */
export class ClickstreamSessionConflictError extends ConflictError {
  constructor(sessionId: string, fields: string[]) {
    super(
      'CLICKSTREAM_SESSION_CONFLICT',
      `Session ${JSON.stringify(sessionId)} already exists with different ${fields.join(', ')}; session ids must be unique, so use a new session_id for a new search.`,
      { details: { session_id: sessionId, fields } },
    );
  }
}

export class ClickstreamBatchNotFoundError extends NotFoundError {
  constructor(batchId: string | undefined) {
    super(
      'CLICKSTREAM_BATCH_NOT_FOUND',
      batchId === undefined ? 'There is no collecting batch; one opens with the next registered session.' : `Batch with id=${batchId} not found.`,
      { details: batchId === undefined ? {} : { batch_id: batchId } },
    );
  }
}

/** A release found neither a collecting batch nor an earlier release with the same id. */
export class ClickstreamNothingToReleaseError extends NotFoundError {
  constructor(releaseId: string) {
    super('CLICKSTREAM_NOTHING_TO_RELEASE', 'There is no collecting batch', { details: { release_id: releaseId } });
  }
}

/** An input exceeds a configured size limit. */
export class ClickstreamLimitExceededError extends PayloadTooLargeError {
  constructor(field: string, limit: number, actual: number, unit: string) {
    super(
      'CLICKSTREAM_LIMIT_EXCEEDED',
      `${field} has ${actual} ${unit}, over the limit of ${limit}; split it into smaller requests or raise the limit in the server configuration.`,
      { details: { field, limit, actual, unit } },
    );
  }
}
