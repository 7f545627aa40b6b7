import { InputError, NotFoundError } from '@embedding-studio/errors';

/** Too many requests from one key or one address; `Retry-After` says when to try again. */
export class RateLimitedError extends InputError {
  constructor(by: 'key' | 'address', retryAfterSeconds: number) {
    super('HTTP_RATE_LIMITED', `Too many requests from this ${by === 'key' ? 'API key' : 'client address'}; retry after ${retryAfterSeconds} s or ask for a higher limit.`, {
      details: { by, retryAfterSeconds },
    });
  }
}

/** The request body did not arrive in time. */
export class BodyTimeoutError extends InputError {
  constructor(timeoutMs: number) {
    super('HTTP_BODY_TIMEOUT', `The request body did not arrive within ${timeoutMs} ms; send the whole body promptly.`, { details: { timeoutMs } });
  }
}

/** The path exists, but not with this method; `Allow` lists the methods it has. */
export class MethodNotAllowedError extends InputError {
  constructor(method: string, path: string, allowed: readonly string[]) {
    super('HTTP_METHOD_NOT_ALLOWED', `${path} does not answer ${method}; use ${allowed.join(' or ')}.`, { details: { method, allowed: [...allowed] } });
  }
}

/** `/dashboard` was asked for, but the folder of its built files has no `index.html`. */
export class DashboardNotBuiltError extends NotFoundError {
  constructor(dir: string) {
    super('DASHBOARD_NOT_BUILT', `The dashboard is not built (no index.html in ${dir}): run \`npx nx build dashboard\`, or set DASHBOARD_DIR to the folder of its built files.`, { details: { dir } });
  }
}
