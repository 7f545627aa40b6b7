// Test helpers of @embedding-studio/learning-loop: an in-memory stand-in for the product's routes.
import type { DeploymentVersion, ImportView, LoopApi, RouteQualityReport, SearchAnswer, TaskView } from './lib/ports.js';

export interface FakeLoopApiOptions {
  /** Document ids of the corpus the import "indexes". */
  readonly docs: readonly string[];
  /** Ranking of a query under a profile version: doc ids, best first. */
  readonly rank: (query: string, version: number) => string[];
  /** getTask polls before the task is done. @defaultValue 2 */
  readonly taskPolls?: number;
  /** false: the gate fails and nothing is deployed. @defaultValue true */
  readonly gatePasses?: boolean;
  /** The metrics route's answer. @defaultValue { unavailable: 'GET /metrics/quality answered 404' } */
  readonly quality?: RouteQualityReport | { unavailable: string };
}

/** A search as the fake served it, with its batch and the clicks it received. */
export interface FakeSession {
  readonly id: string;
  readonly query: string;
  readonly shown: readonly string[];
  readonly version: number;
  readonly clicks: string[];
  batch: number;
  released: boolean;
}

export interface FakeLoopApi extends LoopApi {
  readonly sessions: FakeSession[];
  /** Release ids, in order. */
  readonly releases: string[];
}

/**
 * An in-memory product: a collection, an import that finishes on the first poll, searches that
 * open sessions in the collecting batch, clicks that must name a shown result (as the real events
 * route answers 400 otherwise), a task that releases the collecting batch and finishes after
 * `taskPolls` polls, and an automatic deploy as version n + 1.
 */
export function createFakeLoopApi(options: FakeLoopApiOptions): FakeLoopApi {
  const sessions: FakeSession[] = [];
  const releases: string[] = [];
  let collection: { name: string; count: number } | undefined;
  const versions: DeploymentVersion[] = [{ version: 1, active: true, deployment: { kind: 'create' } }];
  let batch = 1;
  let task: { id: string; polls: number; batch_id?: string } | undefined;
  const active = (): number => Math.max(...versions.map((v) => v.version));
  const release = (id: string): boolean => {
    const open = sessions.filter((s) => s.batch === batch && !s.released);
    if (open.length === 0) return false;
    for (const s of open) s.released = true;
    releases.push(id);
    batch++;
    return true;
  };
  return {
    sessions,
    releases,
    async search(body) {
      const version = active();
      const shown = options.rank(body.query, version).slice(0, body.k);
      const id = `s-${sessions.length + 1}`;
      sessions.push({ id, query: body.query, shown, version, clicks: [], batch, released: false });
      const answer: SearchAnswer = { search_id: id, results: shown.map((object_id, i) => ({ object_id, rank: i + 1 })), model: { version } };
      return answer;
    },
    async click(sessionId, events) {
      const s = sessions.find((x) => x.id === sessionId);
      if (!s) throw new Error(`404: session ${sessionId} not found`);
      for (const e of events) {
        if (!s.shown.includes(e.object_id)) throw new Error(`400: ${e.object_id} was not shown in ${sessionId}`);
        s.clicks.push(e.object_id);
      }
    },
    async batchQueries(batchId) {
      return sessions.filter((s) => `batch-${s.batch}` === batchId).map((s) => s.query);
    },
    releaseBatch: async (id) => release(id),
    async createTask(body) {
      task = { id: `task-${body.idempotency_key}`, polls: 0 };
      return { id: task.id, status: 'pending' };
    },
    async getTask(id) {
      if (!task || task.id !== id) throw new Error(`404: task ${id}`);
      task.polls++;
      if (task.polls === 1) {
        task.batch_id = `batch-${batch}`;
        release(task.id);
      }
      if (task.polls <= (options.taskPolls ?? 2)) return { id, status: 'processing', batch_id: task.batch_id } as TaskView;
      if (options.gatePasses !== false && !versions.some((v) => v.deployment?.requested_by === `auto:${id}`)) {
        for (const v of versions) (v as { active: boolean }).active = false;
        versions.push({ version: active() + 1, active: true, deployment: { kind: 'adapter', model_id: 'm-1', requested_by: `auto:${id}` } });
      }
      return { id, status: 'done', best_model_id: 'm-1', batch_id: task.batch_id } as TaskView;
    },
    listDeployments: async () => [...versions].reverse(),
    getCollection: async (name) => (collection?.name === name ? { count: collection.count, profile_version: active() } : undefined),
    async createCollection(body) {
      collection = { name: body.name, count: 0 };
    },
    async createImport() {
      return { id: 'import-1', status: 'pending' } as ImportView;
    },
    async getImport(id) {
      if (collection) collection.count = options.docs.length;
      return { id, status: 'done', progress: { indexed: options.docs.length } };
    },
    async deployModel(modelId, _collection, expectedVersion) {
      if (expectedVersion !== active()) throw new Error(`409: version ${active()} is active, not ${expectedVersion}`);
      for (const v of versions) (v as { active: boolean }).active = false;
      const v: DeploymentVersion = { version: active() + 1, active: true, deployment: { kind: 'adapter', model_id: modelId, requested_by: 'api' } };
      versions.push(v);
      return v;
    },
    async rollback(_collection, toVersion) {
      const v: DeploymentVersion = { version: active() + 1, active: true, deployment: { kind: 'rollback' } };
      versions.push(v);
      return { ...v, restored: toVersion } as DeploymentVersion;
    },
    quality: async () => options.quality ?? { unavailable: 'GET /metrics/quality answered 404' },
  };
}
