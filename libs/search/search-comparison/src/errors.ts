// Error catalogue of @embedding-studio/search-comparison. Every code is listed in the README
// "Errors" table (a test keeps them in sync); renaming a code is a breaking change.
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** A body or query failed validation; `details.issues` names every bad field. */
export class ComparisonValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('COMPARISON_VALIDATION', issues);
  }
}

export class ComparisonNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('COMPARISON_NOT_FOUND', `Comparison ${JSON.stringify(id)} not found; list them with GET /comparisons?collection=<name>.`, { details: { id } });
  }
}

/** A collection runs at most one comparison at a time. */
export class ComparisonRunningError extends ConflictError {
  constructor(collection: string, running: string) {
    super('COMPARISON_RUNNING', `Collection ${JSON.stringify(collection)} already runs comparison ${JSON.stringify(running)}; stop it with POST /comparisons/${running}/stop first.`, {
      details: { collection, running },
    });
  }
}

/** The offline estimate found no logged search with a click to learn from. */
export class ComparisonNotEnoughDataError extends ConflictError {
  constructor(collection: string, version: number) {
    super('COMPARISON_NOT_ENOUGH_DATA', `Collection ${JSON.stringify(collection)} has no logged search with a click under profile version ${version}; serve searches and collect clicks first.`, {
      details: { collection, version },
    });
  }
}

export const COMPARISON_ERROR_CODES = ['COMPARISON_VALIDATION', 'COMPARISON_NOT_FOUND', 'COMPARISON_RUNNING', 'COMPARISON_NOT_ENOUGH_DATA'] as const;
