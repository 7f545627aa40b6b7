// Error catalogue of @embedding-studio/search-quality. Every code is listed in the README "Errors"
// table (a test keeps them in sync); renaming a code is a breaking change.
import { UnavailableError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** A metrics query failed validation; `details.issues` names every bad field and how to fix it. */
export class QualityValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('SEARCH_QUALITY_VALIDATION', issues);
  }
}

/** The fold lost its lease before it could write a rollup (another process holds it now); the next pass retries. */
export class QualityLeaseLostError extends UnavailableError {
  constructor(owner: string) {
    super('SEARCH_QUALITY_LEASE_LOST', `The rollup fold of ${JSON.stringify(owner)} lost its lease before writing; the dirty hours were marked again for the next pass.`, {
      details: { owner },
    });
  }
}
