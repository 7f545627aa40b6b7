import { ValidationError, type FieldIssue } from '@embedding-studio/errors';

/** Feedback settings (per collection) failed validation; `issues` names every bad field. */
export class FeedbackSettingsValidationError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('FEEDBACK_SETTINGS_INVALID', issues);
  }
}

/** Every error code this lib throws (kept in sync with the README's errors table by a test). */
export const FEEDBACK_ERROR_CODES = ['FEEDBACK_SETTINGS_INVALID'] as const;
