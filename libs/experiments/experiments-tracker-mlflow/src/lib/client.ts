// A small client of MLflow's REST API (the `/api/2.0/mlflow/*` endpoints), on Node's fetch.
import { MlflowRequestError, MlflowUnavailableError, isMlflowError } from '../errors.js';

export interface MlflowClientOptions {
  /** The tracking server, e.g. `http://127.0.0.1:5000`. */
  trackingUri: string;
  /** Extra headers on every request (e.g. `{ authorization: 'Bearer …' }`). */
  headers?: Readonly<Record<string, string>>;
  /** Attempts for a request that failed on the network or with a 5xx/429. @defaultValue 5 */
  attempts?: number;
  /** Per-request timeout in ms. @defaultValue 30000 */
  timeoutMs?: number;
  /** The fetch to use (tests). @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

export interface MlflowTag {
  key: string;
  value: string;
}

export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  lifecycle_stage: 'active' | 'deleted';
  tags?: MlflowTag[];
}

export interface MlflowRun {
  info: { run_id: string; experiment_id: string; status: string; artifact_uri?: string; start_time?: string | number; end_time?: string | number; lifecycle_stage: string };
  data: { params?: MlflowTag[]; tags?: MlflowTag[]; metrics?: { key: string; value: number; timestamp: string | number; step?: string | number }[] };
}

export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp: string | number;
  step?: string | number;
}

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** Turns `{ a: 'b' }` into MLflow's `[{ key: 'a', value: 'b' }]`. */
export const toTags = (record: Readonly<Record<string, string>>): MlflowTag[] => Object.entries(record).map(([key, value]) => ({ key, value }));

/** The value of a tag or param, or undefined. */
export const valueOf = (list: readonly MlflowTag[] | undefined, key: string): string | undefined => list?.find((t) => t.key === key)?.value;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Thin typed wrapper over the endpoints the adapter uses. Retries transient failures. */
export function createMlflowClient(options: MlflowClientOptions) {
  const base = options.trackingUri.replace(/\/+$/, '');
  const attempts = options.attempts ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? globalThis.fetch;

  /**
   * One request with retries. `endpoint` is under `/api/2.0/mlflow/`, or with `bytes` (a raw
   * upload) or `artifact` set, a path of the proxied artifact store (`/api/2.0/mlflow-artifacts/artifacts/`).
   */
  async function call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    endpoint: string,
    body?: Record<string, unknown>,
    artifact?: { bytes?: Uint8Array },
  ): Promise<T> {
    let url = artifact ? `${base}/api/2.0/mlflow-artifacts/artifacts/${endpoint.split('/').map(encodeURIComponent).join('/')}` : `${base}/api/2.0/mlflow/${endpoint}`;
    if (method === 'GET' && body) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) if (v !== undefined) q.set(k, String(v));
      url += `?${q.toString()}`;
    }
    let lastReason = '';
    let lastCause: unknown;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) await sleep(Math.min(2_000, 100 * 2 ** (attempt - 2)) * (0.5 + Math.random()));
      let response: Response;
      try {
        response = await doFetch(url, {
          method,
          headers: { 'content-type': artifact?.bytes ? 'application/octet-stream' : 'application/json', ...options.headers },
          ...(artifact?.bytes ? { body: artifact.bytes } : method === 'GET' || body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        lastReason = (error as Error).message;
        lastCause = error;
        continue;
      }
      const text = await response.text();
      let json: Record<string, unknown> = {};
      try {
        json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        json = { message: text.slice(0, 300) };
      }
      if (response.ok) return json as T;
      const code = typeof json.error_code === 'string' ? json.error_code : `HTTP_${response.status}`;
      const message = typeof json.message === 'string' ? json.message : text.slice(0, 300);
      // SQLite-backed servers answer 500 "database is locked" under concurrent writers.
      const transient = response.status >= 500 || response.status === 429 || code === 'TEMPORARILY_UNAVAILABLE';
      if (!transient) throw new MlflowRequestError(endpoint, response.status, code, message);
      lastReason = `${response.status} ${code}: ${message.slice(0, 200)}`;
    }
    throw new MlflowUnavailableError(endpoint, `${attempts} attempts failed, the last with ${lastReason}`, lastCause);
  }

  /** Calls `fn`; null when MLflow answers RESOURCE_DOES_NOT_EXIST. */
  async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (error) {
      if (isMlflowError(error, 'RESOURCE_DOES_NOT_EXIST')) return null;
      throw error;
    }
  }

  async function searchAll<T>(method: 'GET' | 'POST', endpoint: string, key: string, body: Record<string, unknown>): Promise<T[]> {
    const out: T[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call<Record<string, unknown>>(method, endpoint, { ...body, ...(pageToken ? { page_token: pageToken } : {}) });
      out.push(...((page[key] as T[] | undefined) ?? []));
      pageToken = typeof page.next_page_token === 'string' && page.next_page_token !== '' ? page.next_page_token : undefined;
    } while (pageToken);
    return out;
  }

  return {
    async createExperiment(name: string, tags: Readonly<Record<string, string>>): Promise<string> {
      return (await call<{ experiment_id: string }>('POST', 'experiments/create', { name, tags: toTags(tags) })).experiment_id;
    },
    /** The experiment of that name, deleted ones included; null when there is none. */
    getExperimentByName: (name: string) =>
      orNull(async () => (await call<{ experiment: MlflowExperiment }>('GET', 'experiments/get-by-name', { experiment_name: name })).experiment),
    async deleteExperiment(experimentId: string): Promise<void> {
      await call('POST', 'experiments/delete', { experiment_id: experimentId });
    },
    async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
      await call('POST', 'experiments/set-experiment-tag', { experiment_id: experimentId, key, value });
    },
    /** Every experiment whose name matches the SQL LIKE `pattern`. */
    searchExperiments: (pattern: string, viewType: ViewType) =>
      searchAll<MlflowExperiment>('POST', 'experiments/search', 'experiments', { filter: `name LIKE '${pattern.replace(/'/g, "''")}'`, view_type: viewType, max_results: 1000 }),

    async createRun(experimentId: string, runName: string, startTime: number, tags: Readonly<Record<string, string>>): Promise<string> {
      const created = await call<{ run: MlflowRun }>('POST', 'runs/create', { experiment_id: experimentId, run_name: runName, start_time: startTime, tags: toTags(tags) });
      return created.run.info.run_id;
    },
    getRun: (runId: string) => orNull(async () => (await call<{ run: MlflowRun }>('GET', 'runs/get', { run_id: runId })).run),
    async updateRun(runId: string, status: string, endTime: number | null): Promise<void> {
      await call('POST', 'runs/update', { run_id: runId, status, ...(endTime === null ? {} : { end_time: endTime }) });
    },
    async deleteRun(runId: string): Promise<void> {
      await call('POST', 'runs/delete', { run_id: runId });
    },
    /** Active runs of an experiment, with their params, tags and latest metrics. */
    searchRuns: (experimentId: string) =>
      searchAll<MlflowRun>('POST', 'runs/search', 'runs', { experiment_ids: [experimentId], run_view_type: 'ACTIVE_ONLY', max_results: 1000 }),
    async logParam(runId: string, key: string, value: string): Promise<void> {
      await call('POST', 'runs/log-parameter', { run_id: runId, key, value });
    },
    async logBatch(runId: string, batch: { metrics?: MlflowMetric[]; params?: MlflowTag[]; tags?: MlflowTag[] }): Promise<void> {
      await call('POST', 'runs/log-batch', { run_id: runId, metrics: batch.metrics ?? [], params: batch.params ?? [], tags: batch.tags ?? [] });
    },
    async metricHistory(runId: string, key: string): Promise<MlflowMetric[]> {
      const out: MlflowMetric[] = [];
      let pageToken: string | undefined;
      do {
        const page = await call<{ metrics?: MlflowMetric[]; next_page_token?: string }>('GET', 'metrics/get-history', {
          run_id: runId,
          metric_key: key,
          max_results: 25_000,
          page_token: pageToken,
        });
        out.push(...(page.metrics ?? []));
        pageToken = page.next_page_token || undefined;
      } while (pageToken);
      return out;
    },

    async createRegisteredModel(name: string, description: string): Promise<void> {
      try {
        await call('POST', 'registered-models/create', { name, description });
      } catch (error) {
        if (!isMlflowError(error, 'RESOURCE_ALREADY_EXISTS')) throw error;
      }
    },
    async createModelVersion(name: string, source: string, runId: string | null, tags: Readonly<Record<string, string>>, description: string): Promise<string> {
      const created = await call<{ model_version: { version: string } }>('POST', 'model-versions/create', {
        name,
        source,
        ...(runId === null ? {} : { run_id: runId }),
        tags: toTags(tags),
        description,
      });
      return created.model_version.version;
    },
    /** Versions of registered models matching the filter (MLflow's search syntax). */
    searchModelVersions: (filter: string) => searchAll<{ name: string; version: string }>('GET', 'model-versions/search', 'model_versions', { filter, max_results: 1000 }),
    /** Deletes the version; one already gone (a concurrent deleter) counts as deleted. */
    async deleteModelVersion(name: string, version: string): Promise<void> {
      await orNull(() => call('DELETE', 'model-versions/delete', { name, version }));
    },
    /** Registered models whose name matches the SQL LIKE `pattern`. */
    searchRegisteredModels: (pattern: string) =>
      searchAll<{ name: string }>('GET', 'registered-models/search', 'registered_models', { filter: `name LIKE '${pattern.replace(/'/g, "''")}'`, max_results: 1000 }),
    async deleteRegisteredModel(name: string): Promise<void> {
      await call('DELETE', 'registered-models/delete', { name });
    },

    /** Uploads bytes to the server's proxied artifact store (`mlflow server --serve-artifacts`). */
    async putArtifact(path: string, bytes: Uint8Array): Promise<void> {
      await call('PUT', path, undefined, { bytes });
    },
    /** Deletes a proxied artifact; false when there was none. */
    async deleteArtifact(path: string): Promise<boolean> {
      return (await orNull(() => call('DELETE', path, undefined, {}))) !== null;
    },
    /** Downloads a proxied artifact; null when there is none. */
    async getArtifact(path: string): Promise<Uint8Array | null> {
      const url = `${base}/api/2.0/mlflow-artifacts/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`;
      const response = await doFetch(url, { headers: { ...options.headers }, signal: AbortSignal.timeout(timeoutMs) });
      if (response.status === 404) return null;
      if (!response.ok) throw new MlflowRequestError(`artifacts/${path}`, response.status, `HTTP_${response.status}`, (await response.text()).slice(0, 300));
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

export type MlflowClient = ReturnType<typeof createMlflowClient>;
