/** JSON-safe extra data attached to an error (ids, field names, limits). */
export type ErrorDetails = Record<string, unknown>;

/**
 * The transport-free category of an error. Apps map categories to HTTP statuses or retry
 * policies in exactly one place; libs only pick the category that describes the failure.
 */
export type ErrorCategory =
  | 'input'
  | 'validation'
  | 'not-found'
  | 'conflict'
  | 'not-allowed'
  | 'authentication'
  | 'payload-too-large'
  | 'unavailable'
  | 'not-implemented'
  | 'internal';

export interface AppErrorOptions {
  /** Extra JSON-safe data for clients and logs. */
  details?: ErrorDetails;
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * Base of every error EmbeddingStudio throws on purpose. `code` is a stable, public,
 * SCREAMING_SNAKE identifier (renaming one is a breaking change); `message` says what happened
 * and how to fix it. Compare errors by `code`/`name` (see {@link isAppError}), never with
 * `instanceof`: independently versioned libs may be installed twice and errors cross processes.
 */
export abstract class AppError extends Error {
  abstract readonly category: ErrorCategory;
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** The request or input is malformed (a wrong value the caller must change). */
export class InputError extends AppError {
  readonly category = 'input' as const;
}

/** One field of a structured input failed validation. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `search_results.3.object_id`. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** A structured input failed schema validation; `details.issues` names every field. */
export class ValidationError extends AppError {
  readonly category = 'validation' as const;
  readonly issues: FieldIssue[];

  constructor(code: string, issues: FieldIssue[], options: AppErrorOptions = {}) {
    super(code, issues.map((i) => `${i.field}: ${i.message}`).join('; ') || 'invalid input', {
      ...options,
      details: { ...options.details, issues },
    });
    this.issues = issues;
  }
}

export class NotFoundError extends AppError {
  readonly category = 'not-found' as const;
}

export class ConflictError extends AppError {
  readonly category = 'conflict' as const;
}

export class NotAllowedError extends AppError {
  readonly category = 'not-allowed' as const;
}

export class AuthenticationError extends AppError {
  readonly category = 'authentication' as const;
}

/** The input is larger than a configured limit. */
export class PayloadTooLargeError extends AppError {
  readonly category = 'payload-too-large' as const;
}

/** A dependency is (perhaps temporarily) unreachable; retrying later may succeed. */
export class UnavailableError extends AppError {
  readonly category = 'unavailable' as const;
}

export class NotImplementedError extends AppError {
  readonly category = 'not-implemented' as const;
}

/** A bug or an unexpected state: never the caller's fault. */
export class InternalError extends AppError {
  readonly category = 'internal' as const;
}

/** Every {@link ErrorCategory}, for guards that rebuild errors from JSON. */
export const ERROR_CATEGORIES: ReadonlySet<string> = new Set<ErrorCategory>([
  'input',
  'validation',
  'not-found',
  'conflict',
  'not-allowed',
  'authentication',
  'payload-too-large',
  'unavailable',
  'not-implemented',
  'internal',
]);

/** Structural guard: true for any {@link AppError}, from any copy of this package. */
export function isAppError(value: unknown): value is AppError {
  if (!(value instanceof Error)) return false;
  const v = value as Partial<AppError>;
  return typeof v.code === 'string' && typeof v.category === 'string' && ERROR_CATEGORIES.has(v.category);
}

/** True when `value` is an {@link AppError} with this `code`. */
export function hasErrorCode(value: unknown, code: string): value is AppError {
  return isAppError(value) && value.code === code;
}

/** True when retrying the failed operation later may succeed. */
export function isTransientError(value: unknown): boolean {
  return isAppError(value) && value.category === 'unavailable';
}

/** Wraps anything thrown into an Error, keeping Errors as they are. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(`Non-error thrown: ${JSON.stringify(value)}`);
  } catch {
    return new Error(`Non-error thrown: ${String(value)}`);
  }
}
