import {
  ExperimentsTrackerConflictError,
  ExperimentsTrackerIterationClosedError,
  ExperimentsTrackerNoStartingModelError,
  ExperimentsTrackerNotFoundError,
  ExperimentsTrackerRunClosedError,
} from '../errors.js';
import { defaultExperimentIds, extensionFor, runNameOf, type ExperimentIds } from './ids.js';
import type {
  Iteration,
  IterationDetails,
  IterationStatus,
  MainMetric,
  MetricMode,
  ModelArtifactRef,
  ModelRecord,
  Page,
  Run,
  RunDetails,
  RunEndStatus,
  RunParams,
  RunStatus,
} from './model.js';
import { isPlainObject, sha256Hex, systemClock, type Clock } from '@embedding-studio/primitives';
import type { ExperimentsStore } from './ports/experiments-store.js';
import type { ModelArtifactSink } from './ports/model-artifact-sink.js';
import { Checker, RUN_END_STATUSES, checkListOptions, type ListIterationsOptions, type ListModelsOptions } from './validate.js';

/** Name of every initial iteration (its plugin tells them apart). */
export const INITIAL_ITERATION_NAME = 'iteration / initial';

/** `iteration / <plugin> / <batch_id>`. */
export function iterationName(plugin: string, batchId: string): string {
  return `iteration / ${plugin} / ${batchId}`;
}

/** True when `candidate` is at least as good as `incumbent` under `mode`. */
export function isBetterOrEqual(candidate: number, incumbent: number, mode: MetricMode): boolean {
  return mode === 'max' ? candidate >= incumbent : candidate <= incumbent;
}

export interface ExperimentsTrackerOptions {
  /** Where iterations, runs, metric points and model records are kept. */
  store: ExperimentsStore;
  /** Where model bytes go. */
  artifacts: ModelArtifactSink;
  /** Wall clock for every timestamp. @defaultValue `Date.now()` */
  clock?: Clock;
  /** How record ids are derived (deterministic). @defaultValue {@link defaultExperimentIds} */
  ids?: ExperimentIds;
}

/** The read side: what the HTTP routes need. Every `get*` throws when the id is unknown. */
export interface ExperimentsReader {
  /** Iterations, newest first (initial iterations included). */
  listIterations(options?: ListIterationsOptions): Promise<Page<Iteration>>;
  /** @throws ExperimentsTrackerNotFoundError */
  getIteration(id: string): Promise<IterationDetails>;
  /** @throws ExperimentsTrackerNotFoundError */
  getRun(id: string): Promise<RunDetails>;
  /** The model registry, newest first (deleted models included unless filtered). */
  listModels(options?: ListModelsOptions): Promise<Page<ModelRecord>>;
  /** A model record, live or deleted. @throws ExperimentsTrackerNotFoundError */
  getModel(id: string): Promise<ModelRecord>;
}

/** What {@link ExperimentsTracker.ensureInitialModel} stores. */
export interface InitialModelSource {
  bytes: Uint8Array;
  contentType: string;
}

export interface EnsureInitialModelResult {
  model: ModelRecord;
  /** False when the initial model already existed (the producer was not called, or lost a race). */
  created: boolean;
}

export interface StartIterationOptions {
  plugin: string;
  /** The clickstream batch this iteration trains on. */
  batchId: string;
  /** The metric that ranks runs and decides which model is best. */
  mainMetric: MainMetric;
}

export interface StartedRun {
  id: string;
  /** sha256 of the canonical JSON of the params. */
  name: string;
  /** The stored run, status `running`. */
  run: Run;
  /** True when a run with these params already existed in this iteration (it is resumed, not duplicated). */
  resumed: boolean;
  /** The resumed run's status before this call (`finished` tells a retried task it may skip it); null for a new run. */
  previousStatus: RunStatus | null;
}

export interface SaveModelResult {
  /**
   * `saved`: the model became the iteration's best; `unchanged`: these bytes of this run with
   * this value already are the best (a retried call); `not-best`: a better model is live, nothing stored.
   */
  outcome: 'saved' | 'unchanged' | 'not-best';
  /** The iteration's live best model after the call. */
  model: ModelRecord;
  /** The model this one replaced (now `deleted`, its artifact removed); null unless `saved` replaced one. */
  replaced: ModelRecord | null;
}

export interface FinishIterationResult {
  iteration: Iteration;
  /** The iteration's live best model; null when no run saved one. */
  best: ModelRecord | null;
  /** Artifact keys removed: superseded models and leftovers of interrupted saves. */
  deletedArtifacts: string[];
}

/**
 * One iteration, as the training task drives it. Writes need the iteration to be `active`;
 * a retried task resumes the same iteration, and a task that finds it `finished`
 * (`session.iteration.status`) has nothing left to do.
 */
export interface IterationSession {
  readonly id: string;
  /** The iteration when the session started. */
  readonly iteration: Iteration;
  /** True when the iteration already existed (a retried task). */
  readonly resumed: boolean;
  /**
   * The model to train from: the live best of the previous iteration (walking further back past
   * iterations that saved none), else the plugin's initial model.
   * @throws ExperimentsTrackerNoStartingModelError when there is neither.
   */
  startingModel(): Promise<ModelRecord>;
  /**
   * Parameters of the previous iteration's best `n` finished runs (by `best_metric` under its
   * main metric's mode), best first; empty when the previous iteration is the initial one.
   */
  topParams(n: number): Promise<RunParams[]>;
  /** The id `startRun(params)` gives these params in this iteration (no I/O). */
  runIdFor(params: object): string;
  /** Starts a run, or resumes the run with equal params (same id). @throws ExperimentsTrackerIterationClosedError */
  startRun(params: object): Promise<StartedRun>;
  /** Logs one value of a metric series; a repeated `(name, step)` replaces the value. */
  logMetric(runId: string, name: string, value: number, step: number): Promise<void>;
  /** Ends a run with its best main-metric value (null when it never evaluated). */
  finishRun(runId: string, status: RunEndStatus, bestMetric: number | null): Promise<Run>;
  /**
   * Best-only saving. Stores the bytes and records them as the iteration's best when there is
   * no live best yet or `metricValue` is better than or equal to it (by the main metric's
   * mode); the new best is recorded first, then the previous best is marked deleted and its
   * artifact removed. Key: `models/<iteration_id>/<run_id>/<sha256>.<ext>`.
   */
  saveModelIfBest(runId: string, metricValue: number, bytes: Uint8Array, contentType: string): Promise<SaveModelResult>;
  /** The iteration's live best model, or null before any save. */
  bestModel(): Promise<ModelRecord | null>;
  /**
   * Marks the iteration finished and removes every artifact under `models/<iteration_id>/`
   * that is not the live best. Call it once the iteration's runs have returned.
   */
  finish(): Promise<FinishIterationResult>;
  /**
   * Marks the previous iteration `archived`. Its best model is kept: this iteration was trained
   * from it. No-op (null) when the previous iteration is the initial one.
   */
  archivePrevious(): Promise<Iteration | null>;
}

export interface ExperimentsTracker extends ExperimentsReader {
  /**
   * Creates the plugin's initial iteration and stores its initial model, once: `produce` runs
   * only when the model does not exist yet. Safe to call at the start of every task.
   */
  ensureInitialModel(plugin: string, produce: () => Promise<InitialModelSource>): Promise<EnsureInitialModelResult>;
  /**
   * Starts the iteration of `(plugin, batchId)`, or resumes it. A new iteration records as
   * `previous_iteration_id` the plugin's most recently finished (or archived) iteration, else
   * its initial iteration.
   */
  startIteration(options: StartIterationOptions): Promise<IterationSession>;
}

/** Builds the tracker over a store and an artifact sink. */
export function createExperimentsTracker(options: ExperimentsTrackerOptions): ExperimentsTracker {
  const { store, artifacts } = options;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? defaultExperimentIds;
  /** Highest model seq seen per iteration: a hint, verified on use. */
  const seqHint = new Map<string, number>();

  /**
   * The record with the highest seq of an iteration. Seqs are contiguous (seq k+1 is only
   * inserted after k was seen), so it is found with id lookups: from the hint, doubling, then
   * bisecting. Usually two lookups.
   */
  const latestModel = async (iterationId: string): Promise<ModelRecord | null> => {
    const get = (seq: number): Promise<ModelRecord | null> => store.getModel(ids.model(iterationId, seq));
    let low = seqHint.get(iterationId) ?? 0;
    let lowRecord: ModelRecord | null = null;
    if (low > 0) {
      lowRecord = await get(low);
      if (!lowRecord) low = 0;
    }
    let step = 1;
    let high = low + step;
    let highRecord = await get(high);
    while (highRecord) {
      low = high;
      lowRecord = highRecord;
      step *= 2;
      high = low + step;
      highRecord = await get(high);
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      const record = await get(mid);
      if (record) {
        low = mid;
        lowRecord = record;
      } else {
        high = mid;
      }
    }
    if (low > 0) seqHint.set(iterationId, low);
    return lowRecord;
  };

  const liveBest = async (iterationId: string): Promise<ModelRecord | null> => {
    const top = await latestModel(iterationId);
    return top?.status === 'live' ? top : null;
  };

  /** Marks `old` deleted and removes its artifact, unless `keep` uses the same key. */
  const retire = async (old: ModelRecord, keep: ModelRecord | null, removed?: string[]): Promise<ModelRecord> => {
    const marked = (await store.markModelDeleted(old.id, clock.now())) ?? old;
    if (old.artifact.key !== keep?.artifact.key && (await artifacts.delete(old.artifact.key))) removed?.push(old.artifact.key);
    return marked;
  };

  /** Repairs a save interrupted between recording a new best and retiring the one before it. */
  const healPredecessor = async (top: ModelRecord): Promise<void> => {
    if (top.status !== 'live' || top.seq <= 1) return;
    const before = await store.getModel(ids.model(top.iteration_id, top.seq - 1));
    if (before?.status === 'live') await retire(before, top);
  };

  const storeArtifact = async (key: string, bytes: Uint8Array, sha256: string, contentType: string): Promise<ModelArtifactRef> => {
    const stored = await artifacts.put(key, bytes, { contentType });
    return { key: stored.key, size: stored.size, sha256, content_type: contentType };
  };

  const requireId = (field: string, id: unknown): string => {
    const c = new Checker();
    const value = c.name(field, id);
    c.done();
    return value as string;
  };

  const allPages = async <T>(read: (skip: number) => Promise<Page<T>>): Promise<T[]> => {
    const out: T[] = [];
    for (;;) {
      const page = await read(out.length);
      out.push(...page.items);
      if (page.items.length === 0 || out.length >= page.total) return out;
    }
  };

  const session = (start: Iteration, resumed: boolean): IterationSession => {
    const id = start.id;
    const mainMetric = start.main_metric as MainMetric;
    /** Status of runs this session has seen, so per-step calls need no reads. */
    const runs = new Map<string, RunStatus>();
    let closed: IterationStatus | null = start.status !== 'active' ? start.status : null;

    const requireActive = async (operation: string): Promise<void> => {
      const now = await store.getIteration(id);
      if (!now) throw new ExperimentsTrackerNotFoundError('iteration', id);
      if (now.status !== 'active') {
        closed = now.status;
        throw new ExperimentsTrackerIterationClosedError(id, now.status, operation);
      }
    };

    const knownRun = async (runId: string): Promise<RunStatus> => {
      const cached = runs.get(runId);
      if (cached) return cached;
      const run = await store.getRun(runId);
      if (!run || run.iteration_id !== id) {
        throw new ExperimentsTrackerNotFoundError(
          'run',
          runId,
          run
            ? `runId: run ${JSON.stringify(runId)} belongs to iteration ${JSON.stringify(run.iteration_id)}, not ${JSON.stringify(id)}; use the id startRun returned in this iteration.`
            : `runId: no run ${JSON.stringify(runId)} in iteration ${JSON.stringify(id)}; use the id startRun returned.`,
        );
      }
      runs.set(runId, run.status);
      return run.status;
    };

    const checkedParams = (params: unknown): RunParams => {
      const c = new Checker();
      const value = c.params('params', params);
      c.done();
      return value as RunParams;
    };

    return {
      id,
      iteration: start,
      resumed,

      async startingModel() {
        const seen = new Set<string>();
        let previous = start.previous_iteration_id;
        while (previous !== null && !seen.has(previous)) {
          seen.add(previous);
          const best = await liveBest(previous);
          if (best) return best;
          previous = (await store.getIteration(previous))?.previous_iteration_id ?? null;
        }
        const initialId = ids.iteration(start.plugin, null);
        const initial = seen.has(initialId) ? null : await liveBest(initialId);
        if (initial) return initial;
        throw new ExperimentsTrackerNoStartingModelError(start.plugin, id);
      },

      async topParams(n) {
        const c = new Checker();
        c.integer('n', n, 1, 1000);
        c.done();
        if (start.previous_iteration_id === null) return [];
        const previous = await store.getIteration(start.previous_iteration_id);
        if (!previous || previous.batch_id === null) return [];
        const mode = previous.main_metric?.mode ?? mainMetric.mode;
        const finished = (await store.listRuns(previous.id)).filter(
          (r): r is Run & { best_metric: number } => r.status === 'finished' && r.best_metric !== null,
        );
        finished.sort(
          (a, b) =>
            (mode === 'max' ? b.best_metric - a.best_metric : a.best_metric - b.best_metric) ||
            a.started_at - b.started_at ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
        return finished.slice(0, n).map((r) => structuredClone(r.params) as RunParams);
      },

      runIdFor(params) {
        return ids.run(id, runNameOf(checkedParams(params)));
      },

      async startRun(params) {
        const p = checkedParams(params);
        await requireActive('start a run');
        const name = runNameOf(p);
        const runId = ids.run(id, name);
        const { run, created } = await store.createRun({
          id: runId,
          iteration_id: id,
          name,
          params: p,
          status: 'running',
          best_metric: null,
          started_at: clock.now(),
          finished_at: null,
        });
        if (created) {
          runs.set(runId, 'running');
          return { id: runId, name, run, resumed: false, previousStatus: null };
        }
        if (run.name !== name || run.iteration_id !== id) {
          throw new ExperimentsTrackerConflictError(
            `params: run id ${JSON.stringify(runId)} is taken by run ${JSON.stringify(run.name)} of iteration ${JSON.stringify(run.iteration_id)}; the configured ids scheme is not injective.`,
            { run_id: runId, stored_name: run.name, requested_name: name },
          );
        }
        const resumedRun = run.status === 'running' ? run : ((await store.updateRun(runId, { status: 'running', finished_at: null })) ?? run);
        runs.set(runId, 'running');
        return { id: runId, name, run: resumedRun, resumed: true, previousStatus: run.status };
      },

      async logMetric(runId, name, value, step) {
        const c = new Checker();
        c.name('runId', runId);
        c.name('name', name);
        c.finite('value', value);
        c.integer('step', step, 0, Number.MAX_SAFE_INTEGER);
        c.done();
        if (closed) throw new ExperimentsTrackerIterationClosedError(id, closed, 'log a metric');
        const status = await knownRun(runId);
        if (status !== 'running') throw new ExperimentsTrackerRunClosedError(runId, status);
        await store.putMetricPoints([{ run_id: runId, name, step, value, time: clock.now() }]);
      },

      async finishRun(runId, status, bestMetric) {
        const c = new Checker();
        c.name('runId', runId);
        c.oneOf('status', status, RUN_END_STATUSES);
        if (bestMetric !== null) c.finite('bestMetric', bestMetric);
        c.done();
        await knownRun(runId);
        await requireActive('finish a run');
        const run = await store.updateRun(runId, { status, best_metric: bestMetric, finished_at: clock.now() });
        if (!run) throw new ExperimentsTrackerNotFoundError('run', runId);
        runs.set(runId, status);
        return run;
      },

      async saveModelIfBest(runId, metricValue, bytes, contentType) {
        const c = new Checker();
        c.name('runId', runId);
        c.finite('metricValue', metricValue);
        c.bytes('bytes', bytes);
        c.name('contentType', contentType);
        c.done();
        await knownRun(runId);
        await requireActive('save a model');
        /** True when this value may replace `incumbent` as the best. */
        const better = (incumbent: ModelRecord): boolean =>
          incumbent.status !== 'live' || incumbent.main_metric === null || isBetterOrEqual(metricValue, incumbent.main_metric.value, mainMetric.mode);
        const sha256 = sha256Hex(bytes);
        const key = `models/${id}/${runId}/${sha256}.${extensionFor(contentType)}`;
        /** True when `m` is live and holds these very bytes of this run with this value. */
        const same = (m: ModelRecord): boolean => m.status === 'live' && m.artifact.key === key && m.main_metric?.value === metricValue;

        let current = await latestModel(id);
        if (current) await healPredecessor(current);
        if (current && same(current)) return { outcome: 'unchanged', model: current, replaced: null };
        if (current && !better(current)) return { outcome: 'not-best', model: current, replaced: null };

        const artifact = await storeArtifact(key, bytes, sha256, contentType);
        for (;;) {
          const seq = (current?.seq ?? 0) + 1;
          const record: ModelRecord = {
            id: ids.model(id, seq),
            plugin: start.plugin,
            iteration_id: id,
            iteration_name: start.name,
            seq,
            run_id: runId,
            main_metric: { name: mainMetric.name, value: metricValue },
            artifact,
            status: 'live',
            created_at: clock.now(),
            deleted_at: null,
          };
          if (await store.createModel(record)) {
            seqHint.set(id, seq);
            const replaced = current?.status === 'live' ? await retire(current, record) : null;
            return { outcome: 'saved', model: record, replaced };
          }
          // Another saver took this seq: compare with the newest best and try again or give up.
          const taker = await store.getModel(record.id);
          if (taker && same(taker)) return { outcome: 'unchanged', model: taker, replaced: null };
          current = await latestModel(id);
          if (current && same(current)) return { outcome: 'unchanged', model: current, replaced: null };
          if (current && !better(current)) {
            if (current.artifact.key !== artifact.key) await artifacts.delete(artifact.key);
            return { outcome: 'not-best', model: current, replaced: null };
          }
        }
      },

      bestModel: () => liveBest(id),

      async finish() {
        const stored = await store.getIteration(id);
        if (!stored) throw new ExperimentsTrackerNotFoundError('iteration', id);
        const iteration = stored.status === 'active' ? ((await store.setIterationStatus(id, 'finished', clock.now())) ?? stored) : stored;
        closed = iteration.status;
        const best = await liveBest(id);
        const removed: string[] = [];
        const live = await allPages((skip) => store.listModels({ iterationId: id, status: 'live', skip, limit: 200 }));
        for (const stray of live) if (stray.id !== best?.id) await retire(stray, best, removed);
        for (const { key } of await artifacts.list(`models/${id}/`)) {
          if (key !== best?.artifact.key && !removed.includes(key) && (await artifacts.delete(key))) removed.push(key);
        }
        return { iteration, best, deletedArtifacts: removed.sort() };
      },

      async archivePrevious() {
        if (start.previous_iteration_id === null) return null;
        const previous = await store.getIteration(start.previous_iteration_id);
        if (!previous || previous.batch_id === null) return null;
        if (previous.status !== 'finished') return previous;
        return (await store.setIterationStatus(previous.id, 'archived')) ?? previous;
      },
    };
  };

  return {
    async ensureInitialModel(plugin, produce) {
      const c = new Checker();
      c.name('plugin', plugin);
      if (typeof produce !== 'function') c.add('produce', 'must be a function () => Promise<{ bytes, contentType }>.');
      c.done();
      const id = ids.iteration(plugin, null);
      const now = clock.now();
      const { iteration } = await store.createIteration({
        id,
        name: INITIAL_ITERATION_NAME,
        plugin,
        batch_id: null,
        status: 'finished',
        previous_iteration_id: null,
        main_metric: null,
        created_at: now,
        finished_at: now,
      });
      const modelId = ids.model(id, 1);
      const existing = await store.getModel(modelId);
      if (existing) return { model: existing, created: false };

      const source: unknown = await produce();
      const check = new Checker();
      if (!isPlainObject(source)) check.add('produce()', 'must resolve to { bytes: Uint8Array, contentType: string }.');
      else {
        check.bytes('produce().bytes', source['bytes']);
        check.name('produce().contentType', source['contentType']);
      }
      check.done();
      const { bytes, contentType } = source as unknown as InitialModelSource;
      const sha256 = sha256Hex(bytes);
      const artifact = await storeArtifact(`models/${id}/initial/${sha256}.${extensionFor(contentType)}`, bytes, sha256, contentType);
      const record: ModelRecord = {
        id: modelId,
        plugin,
        iteration_id: id,
        iteration_name: iteration.name,
        seq: 1,
        run_id: null,
        main_metric: null,
        artifact,
        status: 'live',
        created_at: clock.now(),
        deleted_at: null,
      };
      if (await store.createModel(record)) return { model: record, created: true };
      const winner = await store.getModel(modelId);
      if (!winner) throw new ExperimentsTrackerNotFoundError('model', modelId);
      if (winner.artifact.key !== artifact.key) await artifacts.delete(artifact.key);
      return { model: winner, created: false };
    },

    async startIteration(options) {
      const c = new Checker();
      if (!isPlainObject(options)) {
        c.add('options', 'must be an object { plugin, batchId, mainMetric }.');
        c.done();
      }
      const plugin = c.name('plugin', options.plugin) as string;
      const batchId = c.name('batchId', options.batchId) as string;
      const mainMetric = c.mainMetric('mainMetric', options.mainMetric) as MainMetric;
      c.done();

      const id = ids.iteration(plugin, batchId);
      let iteration = await store.getIteration(id);
      let resumed = iteration !== null;
      if (!iteration) {
        const previous = await store.listIterations({ plugin, statuses: ['finished', 'archived'], kind: 'batch', order: 'finished', skip: 0, limit: 1 });
        const created = await store.createIteration({
          id,
          name: iterationName(plugin, batchId),
          plugin,
          batch_id: batchId,
          status: 'active',
          previous_iteration_id: previous.items[0]?.id ?? ids.iteration(plugin, null),
          main_metric: mainMetric,
          created_at: clock.now(),
          finished_at: null,
        });
        iteration = created.iteration;
        resumed = !created.created;
      }
      const stored = iteration.main_metric;
      if (stored?.name !== mainMetric.name || stored.mode !== mainMetric.mode) throw ExperimentsTrackerConflictError.mainMetric(id, stored, mainMetric);
      return session(iteration, resumed);
    },

    async listIterations(options) {
      const o = checkListOptions(options, false);
      return store.listIterations({ ...(o.plugin === undefined ? {} : { plugin: o.plugin }), order: 'created', skip: o.skip, limit: o.limit });
    },

    async getIteration(id) {
      const iteration = await store.getIteration(requireId('id', id));
      if (!iteration) throw new ExperimentsTrackerNotFoundError('iteration', id);
      return { ...iteration, runs: await store.listRuns(id) };
    },

    async getRun(id) {
      const run = await store.getRun(requireId('id', id));
      if (!run) throw new ExperimentsTrackerNotFoundError('run', id);
      return { ...run, metrics: await store.readMetrics(id) };
    },

    async listModels(options) {
      const o = checkListOptions(options, true);
      return store.listModels({
        ...(o.plugin === undefined ? {} : { plugin: o.plugin }),
        ...(o.status === undefined ? {} : { status: o.status }),
        skip: o.skip,
        limit: o.limit,
      });
    },

    async getModel(id) {
      const model = await store.getModel(requireId('id', id));
      if (!model) throw new ExperimentsTrackerNotFoundError('model', id);
      return model;
    },
  };
}
