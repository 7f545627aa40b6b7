import { OPERATIONS, type OperationInputs } from './operations.js';

export type OperationId = keyof OperationInputs;

/** A non-2xx answer, with the API's error body. */
export class ApiClientError extends Error {
  constructor(
    readonly operation: OperationId,
    readonly status: number,
    readonly body: { detail?: string; error?: { code?: string; message?: string; details?: unknown } } | undefined,
  ) {
    super(`${operation} answered ${status}${body?.error?.code ? ` ${body.error.code}` : ''}: ${body?.detail ?? ''}`);
    this.name = 'ApiClientError';
  }
}

export interface ApiClientOptions {
  /** e.g. `http://127.0.0.1:5000/api/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

/** One typed function per operation of the OpenAPI document; each resolves with the parsed JSON (or the Response for downloads). */
export type ApiClient = {
  [K in OperationId]: (...input: OperationInputs[K] extends Record<string, never> ? [input?: OperationInputs[K]] : [input: OperationInputs[K]]) => Promise<unknown>;
};

const BINARY: ReadonlySet<OperationId> = new Set<OperationId>(['downloadModel', 'docsPage', 'docsAsset']);

export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/$/, '');
  const call = async (id: OperationId, input: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown } = {}): Promise<unknown> => {
    const op = OPERATIONS[id];
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(input.params?.[name] ?? ''));
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(input.query ?? {})) if (v !== undefined && v !== null) query.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.key) headers['authorization'] = `Bearer ${options.key}`;
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(`${base}${path}${query.size ? `?${query}` : ''}`, {
      method: op.method,
      headers,
      ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
    });
    if (!res.ok) throw new ApiClientError(id, res.status, (await res.json().catch(() => undefined)) as ApiClientError['body']);
    return BINARY.has(id) ? res : res.json();
  };
  return Object.fromEntries(Object.keys(OPERATIONS).map((id) => [id, (input?: Parameters<typeof call>[1]) => call(id as OperationId, input)])) as unknown as ApiClient;
}
