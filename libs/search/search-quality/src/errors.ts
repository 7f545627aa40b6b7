// Error catalogue of @embedding-studio/search-quality. Every code is listed in the README "Errors"
// table (a test keeps them in sync); renaming a code is a breaking change.
import { UnavailableError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** A metrics query failed validation; `details.issues` names every bad field and how to fix it. */
export class QualityValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('SEARCH_QUALITY_VALIDATION', issues);
  }
}

/** A fold pass ran past half its lease before writing (another process may hold it by now); its entries stay logged for the next pass. */
export class QualityLeaseLostError extends UnavailableError {
  constructor(owner: string) {
    super('SEARCH_QUALITY_LEASE_LOST', `The rollup fold of ${JSON.stringify(owner)} ran past half its lease before writing; its entries stay in the log and the next pass merges them.`, {
      details: { owner },
    });
  }
}

/** Every code this lib throws, in README order. */
export const SEARCH_QUALITY_ERROR_CODES = ['SEARCH_QUALITY_VALIDATION', 'SEARCH_QUALITY_LEASE_LOST'] as const;
