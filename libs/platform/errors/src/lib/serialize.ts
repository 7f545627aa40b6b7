import { type ErrorCategory, type ErrorDetails, isAppError, toError } from './app-error.js';

/** The JSON form of an error, as stored on jobs and sent in HTTP bodies. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  category: ErrorCategory;
  details: ErrorDetails;
  stack?: string;
  cause?: SerializedError;
}

export interface SerializeErrorOptions {
  /** Include stack traces (development, logs); never in production HTTP bodies. @defaultValue false */
  includeStack?: boolean;
}

/** Errors that are not {@link AppError}s get this code. */
export const UNKNOWN_ERROR_CODE = 'INTERNAL_UNEXPECTED';

/** Turns anything thrown into a JSON-safe {@link SerializedError}, following `cause` chains. */
export function serializeError(value: unknown, options: SerializeErrorOptions = {}, depth = 0): SerializedError {
  const error = toError(value);
  const app = isAppError(error);
  const out: SerializedError = {
    name: error.name,
    code: app ? error.code : UNKNOWN_ERROR_CODE,
    message: error.message,
    category: app ? error.category : 'internal',
    details: app ? jsonSafe(error.details) : {},
  };
  if (options.includeStack && error.stack) out.stack = error.stack;
  if (error.cause !== undefined && depth < 5) out.cause = serializeError(error.cause, options, depth + 1);
  return out;
}

function jsonSafe(details: ErrorDetails): ErrorDetails {
  try {
    return JSON.parse(JSON.stringify(details)) as ErrorDetails;
  } catch {
    return { unserializable: true };
  }
}
