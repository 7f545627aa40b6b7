import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '@embedding-studio/errors';
import { paramsName, type HyperParams, type RunStatus } from '@embedding-studio/fine-tuning-builder';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { BatchPort, ClaimedTask, IterationPort, StoredModel, TaskFailure, TaskLeasePort, TaskOutcome, TrackerPort, WorkerProgress } from '../ports.js';

class LeaseLost extends ConflictError {
  constructor(taskId: string) {
    super('FINE_TUNING_TASKS_LEASE_LOST', `Task ${taskId}: this worker no longer holds the lease.`);
  }
}

export interface MemoryTask {
  id: string;
  fine_tuning_method: string;
  batch_id?: string;
  status: 'pending' | 'processing' | 'done' | 'error' | 'canceled';
  attempt: number;
  owner?: string;
  expiresAt?: number;
  progress: WorkerProgress[];
  outcome?: TaskOutcome;
  failure?: TaskFailure;
  retryInMs?: number;
}

/** In-memory {@link TaskLeasePort} with a controllable clock, recording progress. */
export function createMemoryTaskLeases(now: () => number = Date.now): TaskLeasePort & { tasks: Map<string, MemoryTask>; add(task: Pick<MemoryTask, 'id' | 'fine_tuning_method'> & { batch_id?: string }): MemoryTask } {
  const tasks = new Map<string, MemoryTask>();
  const held = (id: string, owner: string): MemoryTask => {
    const t = tasks.get(id);
    if (!t || t.status !== 'processing' || t.owner !== owner) throw new LeaseLost(id);
    return t;
  };
  return {
    tasks,
    add(task) {
      const t: MemoryTask = { ...task, status: 'pending', attempt: 0, progress: [] };
      tasks.set(t.id, t);
      return t;
    },
    async claim(id, { owner, leaseMs }): Promise<ClaimedTask | null> {
      const t = tasks.get(id);
      if (!t) return null;
      const expired = t.status === 'processing' && (t.expiresAt ?? 0) <= now();
      if (t.status !== 'pending' && !expired) return null;
      Object.assign(t, { status: 'processing', owner, expiresAt: now() + leaseMs, attempt: t.attempt + 1 });
      return { id: t.id, fine_tuning_method: t.fine_tuning_method, batch_id: t.batch_id, attempt: t.attempt };
    },
    async heartbeat(id, owner, progress, leaseMs) {
      const t = held(id, owner);
      t.expiresAt = now() + leaseMs;
      if (progress) t.progress.push(progress);
    },
    async setBatch(id, owner, batchId) {
      held(id, owner).batch_id = batchId;
    },
    async complete(id, owner, outcome) {
      Object.assign(held(id, owner), { status: 'done', outcome, owner: undefined });
    },
    async fail(id, owner, failure, { retryInMs }) {
      const t = held(id, owner);
      Object.assign(t, { status: retryInMs === undefined ? 'error' : 'pending', failure, owner: undefined, retryInMs });
    },
  };
}

/** In-memory {@link BatchPort}: one collecting batch of the given sessions, released once per key. */
export function createMemoryBatches(sessions: readonly SessionWithEvents[]): BatchPort & { releases: string[] } {
  const releases: string[] = [];
  let released: { key: string; id: string } | null = null;
  return {
    releases,
    async release(key) {
      releases.push(key);
      if (released && released.key !== key) throw new NotFoundError('CLICKSTREAM_NO_COLLECTING_BATCH', 'There is no collecting batch');
      released ??= { key, id: `batch-${releases.length}` };
      return released.id;
    },
    async readSessions() {
      return [...sessions];
    },
  };
}

interface MemoryRun {
  id: string;
  params: HyperParams;
  status: RunStatus | 'running';
  best: number | null;
  metrics: { name: string; value: number; step: number }[];
}
interface MemoryIteration {
  id: string;
  plugin: string;
  batchId: string;
  mode: 'max' | 'min';
  previous: string | null;
  status: 'active' | 'finished' | 'archived';
  runs: Map<string, MemoryRun>;
  best: string | null;
}

/** In-memory {@link TrackerPort} with best-only model saving and the iteration chain. */
export function createMemoryTracker(): TrackerPort & { models: Map<string, StoredModel & { iteration: string; metric: number | null; live: boolean }>; iterations: Map<string, MemoryIteration> } {
  const models = new Map<string, StoredModel & { iteration: string; metric: number | null; live: boolean }>();
  const iterations = new Map<string, MemoryIteration>();
  const initial = new Map<string, string>();
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex').slice(0, 16);
  return {
    models,
    iterations,
    async ensureInitialModel(plugin, build) {
      if (initial.has(plugin)) return;
      const { bytes } = await build();
      const id = `initial-${plugin}-${sha(bytes)}`;
      models.set(id, { id, bytes, iteration: 'initial', metric: null, live: true });
      initial.set(plugin, id);
    },
    async startIteration({ plugin, batchId, mainMetric }) {
      const id = `${plugin}/${batchId}`;
      let it = iterations.get(id);
      if (!it) {
        const previous = [...iterations.values()].filter((i) => i.plugin === plugin && i.status !== 'active').at(-1)?.id ?? null;
        it = { id, plugin, batchId, mode: mainMetric.mode, previous, status: 'active', runs: new Map(), best: null };
        iterations.set(id, it);
      }
      const self = it;
      const better = (a: number, b: number): boolean => (self.mode === 'max' ? a >= b : a <= b);
      const port: IterationPort = {
        id,
        finished: self.status !== 'active',
        async startingModel() {
          const prev = self.previous ? iterations.get(self.previous) : undefined;
          const modelId = prev?.best ?? initial.get(plugin);
          const model = modelId ? models.get(modelId) : undefined;
          if (!model) throw new NotFoundError('EXPERIMENTS_TRACKER_NOT_FOUND', `no starting model for ${plugin}`);
          return model;
        },
        async topParams(n) {
          const prev = self.previous ? iterations.get(self.previous) : undefined;
          if (!prev) return [];
          return [...prev.runs.values()]
            .filter((r) => r.status === 'finished' && r.best !== null)
            .sort((a, b) => (self.mode === 'max' ? (b.best as number) - (a.best as number) : (a.best as number) - (b.best as number)))
            .slice(0, n)
            .map((r) => r.params);
        },
        async startRun(params) {
          const runId = `${id}/${paramsName(params)}`;
          if (!self.runs.has(runId)) self.runs.set(runId, { id: runId, params, status: 'running', best: null, metrics: [] });
          return runId;
        },
        async logMetric(runId, name, value, step) {
          self.runs.get(runId)?.metrics.push({ name, value, step });
        },
        async finishRun(runId, status, best) {
          const run = self.runs.get(runId);
          if (run) Object.assign(run, { status, best });
        },
        async saveModelIfBest(runId, metric, bytes) {
          const current = self.best ? models.get(self.best) : undefined;
          if (current && current.metric !== null && !better(metric, current.metric)) return null;
          const modelId = `${runId}/${sha(bytes)}`;
          models.set(modelId, { id: modelId, bytes, iteration: id, metric, live: true });
          if (current) current.live = false;
          self.best = modelId;
          return modelId;
        },
        async bestModelId() {
          return self.best;
        },
        async finish() {
          self.status = 'finished';
        },
        async archivePrevious() {
          const prev = self.previous ? iterations.get(self.previous) : undefined;
          if (prev && prev.status === 'finished') prev.status = 'archived';
        },
      };
      return port;
    },
  };
}
