// The dashboard's only way out: the public HTTP API under /api/v1, with the caller's key.

/** An answer other than 2xx, with the API's error code and message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Readonly<Record<string, string | number | undefined>>;

export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** What the key may do: `admin` (or every route open, `ES_AUTH=off`), or less (read). */
export type Access = 'admin' | 'open' | 'limited';

export const API_BASE = '/api/v1';

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The message a page shows for a failed call: what happened and what to do. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return `The API could not be reached: ${String(error instanceof Error ? error.message : error)}`;
  switch (error.status) {
    case 401:
      return `401: the API wants a valid key (${error.message}). Enter one with "Change key".`;
    case 403:
      return `403: this key's scope does not allow it (${error.message}). Use a key with the read or admin scope.`;
    case 503:
      return `503: the API or one of its services is unavailable (${error.message}). Try again shortly.`;
    default:
      return `${error.status} ${error.code}: ${error.message}`;
  }
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createApi(key: string | undefined, fetchFn: typeof fetch = (...args) => fetch(...args), base = API_BASE): Api {
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...(json ? { 'content-type': 'application/json' } : {}),
  });
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetchFn(`${base}${path}`, { method, headers: headers(body !== undefined), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const data = await parse(res);
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? (typeof data === 'string' && data ? data : res.statusText));
    }
    return data as T;
  };
  return {
    get: (path, query) => send('GET', withQuery(path, query)),
    post: (path, body) => send('POST', path, body),
  };
}

/**
 * What the key may do, read from `GET /keys` (admin scope): 200 means admin, 403 a narrower key,
 * 404 that the API runs without keys (the keys routes are not mounted). A 401 is thrown.
 */
export async function probeAccess(api: Api): Promise<Access> {
  try {
    await api.get('/keys');
    return 'admin';
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return 'limited';
    if (error instanceof ApiError && error.status === 404) return 'open';
    throw error;
  }
}
