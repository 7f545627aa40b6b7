import type { NextFunction, Request, Response } from 'express';
import { InputError, NotFoundError, PayloadTooLargeError, isAppError, serializeError, type AppError } from '@embedding-studio/errors';
import { STATUS_BY_CATEGORY, STATUS_BY_CODE } from '../error-status.js';

class HttpBodyError extends InputError {}
class HttpBodyTooLargeError extends PayloadTooLargeError {}
class RouteNotFoundError extends NotFoundError {}

/** Express's body parser errors, translated into coded errors. */
function fromBodyParser(error: unknown): AppError | undefined {
  const e = error as { type?: unknown; limit?: unknown; length?: unknown };
  if (e?.type === 'entity.parse.failed') {
    return new HttpBodyError('HTTP_BODY_INVALID_JSON', 'The request body is not valid JSON; send a JSON document with Content-Type: application/json.');
  }
  if (e?.type === 'entity.too.large') {
    return new HttpBodyTooLargeError('HTTP_BODY_TOO_LARGE', `The request body exceeds ${String(e.limit)} bytes; send smaller requests.`, {
      details: { limit: e.limit ?? null, length: e.length ?? null },
    });
  }
  if ((typeof e?.type === 'string' && e.type.startsWith('encoding.')) || e?.type === 'charset.unsupported') {
    return new HttpBodyError('HTTP_BODY_UNSUPPORTED_ENCODING', 'The request body encoding is not supported; send UTF-8 JSON.');
  }
  return undefined;
}

/**
 * Any other error that Express or its body parser marked as the client's (a 4xx `status`, e.g. a
 * path parameter with a bad `%` escape, or a body whose gzip stream is corrupt): a 400, never a 500.
 */
function fromHttpStatus(error: unknown): AppError | undefined {
  const e = error as { status?: unknown; statusCode?: unknown; type?: unknown; message?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (status === 413) return new HttpBodyTooLargeError('HTTP_BODY_TOO_LARGE', 'The request body is too large; send smaller requests.');
  if (error instanceof URIError) {
    return new HttpBodyError('HTTP_BAD_PATH', 'A path segment has an invalid %-escape; percent-encode ids as UTF-8 (encodeURIComponent).');
  }
  const what = typeof e?.type === 'string' ? ` (${e.type})` : '';
  return new HttpBodyError('HTTP_BAD_REQUEST', `The request could not be read${what}: ${String(e?.message ?? 'bad request')}; send a well-formed request (UTF-8 JSON, valid Content-Encoding).`);
}

/** 404 for any route that does not exist, in the common error shape. */
export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new RouteNotFoundError('HTTP_ROUTE_NOT_FOUND', `No route ${req.method} ${req.path}; see the API reference in apps/api/README.md.`));
}

/** What a 5xx body says instead of the error's own words, which may name hosts, buckets or keys. */
const SERVER_SIDE: Readonly<Record<number, { name: string; code: string; message: string }>> = {
  500: { name: 'InternalServerError', code: 'INTERNAL_ERROR', message: 'Internal server error; retry later, and quote the request id when reporting it.' },
  503: { name: 'ServiceUnavailableError', code: 'SERVICE_UNAVAILABLE', message: 'A service the API depends on is unavailable; retry later, and quote the request id if it persists.' },
};

/**
 * Answers one error in the common shape: `{ detail, error: { name, code, message, details },
 * request, response }` (`detail` keeps EmbeddingStudio 0.0.1 clients working). A 5xx body names
 * no infrastructure: a generic name, code and message, no details (the log has them all). 501
 * keeps its message, which tells the caller what is not implemented.
 */
export function sendError(raw: unknown, req: Request, res: Response, options: { exposeStack: boolean }): void {
  const error = isAppError(raw) ? raw : (fromBodyParser(raw) ?? fromHttpStatus(raw) ?? raw);
  const status = isAppError(error) ? (STATUS_BY_CODE[error.code] ?? STATUS_BY_CATEGORY[error.category]) : 500;
  const serialized = serializeError(error, { includeStack: options.exposeStack });
  const hidden = status >= 500 && status !== 501 ? (SERVER_SIDE[status] ?? SERVER_SIDE[500]!) : undefined;
  const body = hidden && !options.exposeStack ? { ...serialized, ...hidden, details: {} } : serialized;
  if (status >= 500) req.log?.error('request failed', { error: serializeError(error, { includeStack: true }) });
  else req.log?.debug('request rejected', { code: serialized.code, status });
  if (res.headersSent) return;
  res.status(status).json({
    detail: body.message,
    error: { name: body.name, code: body.code, message: body.message, details: body.details, ...(options.exposeStack && body.stack ? { stack: body.stack } : {}) },
    request: { method: req.method, url: req.originalUrl, requestId: req.id },
    response: { statusCode: status },
  });
}

/** The one error handler; see {@link sendError}. Unknown errors become a generic 500 and are logged with their stack. */
export function errorHandler(options: { exposeStack: boolean }) {
  return (raw: unknown, req: Request, res: Response, _next: NextFunction): void => sendError(raw, req, res, options);
}
