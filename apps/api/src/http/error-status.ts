import type { ErrorCategory } from '@embedding-studio/errors';

/** The only place where error categories meet HTTP. */
export const STATUS_BY_CATEGORY: Readonly<Record<ErrorCategory, number>> = {
  input: 400,
  // 422, as EmbeddingStudio 0.0.1 (FastAPI) answered schema errors, so its clients keep working.
  validation: 422,
  authentication: 401,
  'not-allowed': 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  internal: 500,
  'not-implemented': 501,
  unavailable: 503,
};

/** Edge errors whose status their category does not give. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  HTTP_METHOD_NOT_ALLOWED: 405,
  HTTP_BODY_TIMEOUT: 408,
  HTTP_RATE_LIMITED: 429,
};
