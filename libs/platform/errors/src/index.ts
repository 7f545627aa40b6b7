// Public API of @embedding-studio/errors.
export {
  AppError,
  AuthenticationError,
  ConflictError,
  ERROR_CATEGORIES,
  InputError,
  InternalError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  PayloadTooLargeError,
  UnavailableError,
  ValidationError,
  hasErrorCode,
  isAppError,
  isTransientError,
  toError,
} from './lib/app-error.js';
export type { AppErrorOptions, ErrorCategory, ErrorDetails, FieldIssue } from './lib/app-error.js';
export { UNKNOWN_ERROR_CODE, serializeError } from './lib/serialize.js';
export type { SerializedError, SerializeErrorOptions } from './lib/serialize.js';
export { FieldIssues } from './lib/field-issues.js';
export { previewValue, toDetailValue } from './lib/values.js';
