import { ApiClientError, createApiClient } from '@embedding-studio/api-client';
import type { ApiClient } from '@embedding-studio/api-client';
import type { DeploymentVersion, ImportView, LoopApi, RouteQualityReport, SearchAnswer, TaskView } from './ports.js';

export interface HttpLoopApiOptions {
  /** e.g. `http://127.0.0.1:5000/api/v1`. */
  readonly baseUrl: string;
  /** An admin key (the loop creates collections and tasks and releases batches). */
  readonly key?: string;
  /** @defaultValue globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The loop's port over the generated API client (and plain fetch for routes the client does not know yet). */
export function createHttpLoopApi(options: HttpLoopApiOptions): LoopApi {
  const doFetch = options.fetch ?? globalThis.fetch;
  const api: ApiClient = createApiClient({ baseUrl: options.baseUrl, ...(options.key ? { key: options.key } : {}), fetch: doFetch });
  const base = options.baseUrl.replace(/\/$/, '');
  return {
    search: async (body) => (await api.search({ body })) as SearchAnswer,
    async click(sessionId, events) {
      await api.addEvents({ body: { session_id: sessionId, events: events.map((e) => ({ ...e, event_type: 'click' })) } });
    },
    async batchQueries(batchId) {
      const texts: string[] = [];
      for (let after = 0; ; ) {
        const page = (await api.getBatchSessions({ query: { batch_id: batchId, after_number: String(after), limit: '500', events_limit: '1' } })) as {
          last_number: number;
          sessions: Array<{ search_query: string; session_number: number }>;
        };
        if (page.sessions.length === 0) return texts;
        texts.push(...page.sessions.map((s) => s.search_query));
        after = (page.sessions.at(-1) as { session_number: number }).session_number;
      }
    },
    async releaseBatch(releaseId) {
      try {
        await api.releaseBatch({ body: { release_id: releaseId } });
        return true;
      } catch (error) {
        if (error instanceof ApiClientError && error.status === 404) return false;
        throw error;
      }
    },
    createTask: async (body) => (await api.createTask({ body })) as TaskView,
    getTask: async (id) => (await api.getTask({ params: { id } })) as TaskView,
    listDeployments: async (collection) => (await api.listDeployments({ query: { collection } })) as DeploymentVersion[],
    async getCollection(name) {
      try {
        return (await api.getCollection({ params: { name } })) as { count: number; profile_version: number };
      } catch (error) {
        if (error instanceof ApiClientError && error.status === 404) return undefined;
        throw error;
      }
    },
    async createCollection(body) {
      await api.createCollection({ body });
    },
    createImport: async (collection, body) => (await api.createImport({ params: { name: collection }, body })) as ImportView,
    getImport: async (id) => (await api.getImport({ params: { id } })) as ImportView,
    deployModel: async (modelId, collection, expectedVersion) =>
      (await api.deployModel({ params: { id: modelId }, body: { collection, expected_version: expectedVersion } })) as DeploymentVersion,
    rollback: async (collection, toVersion) => (await api.rollbackDeployment({ body: { collection, to_version: toVersion } })) as DeploymentVersion,
    async quality(collection, from) {
      const query = new URLSearchParams({ collection, from, by: 'version', bucket: 'hour' });
      try {
        const res = await doFetch(`${base}/metrics/quality?${query}`, {
          headers: { accept: 'application/json', ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) },
        });
        if (!res.ok) return { unavailable: `GET /metrics/quality answered ${res.status}` };
        const body = (await res.json()) as Partial<RouteQualityReport>;
        if (!Array.isArray(body.series)) return { unavailable: 'GET /metrics/quality answered without "series"' };
        return body as RouteQualityReport;
      } catch (error) {
        return { unavailable: `GET /metrics/quality failed: ${(error as Error).message}` };
      }
    },
  };
}
