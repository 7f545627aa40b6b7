import { createHash } from 'node:crypto';
import type { ClickModelParams } from '@embedding-studio/click-simulation';
import { LearningLoopInvalidArgumentError, LearningLoopStepFailedError } from '../errors.js';
import { ClickLog } from './click-log.js';
import type { VersionQuality } from './click-log.js';
import { compareEvaluations, evaluateHeldOut } from './evaluate.js';
import type { EvalQuery, HeldOutEvaluation, NdcgDelta } from './evaluate.js';
import { createHeldOutGuard, normalQueryText } from './held-out-guard.js';
import type { LoopApi, RouteQualityReport, TaskView } from './ports.js';
import { createTraffic } from './traffic.js';
import type { PoolQuery } from './traffic.js';

/** The default method's registered name. */
export const DEFAULT_METHOD = 'Default Fine Tuning Method';

/** Where the loop is; `progress` carries `done` of `total` units of the stage. */
export type LoopEvent =
  | { kind: 'stage'; stage: string; detail?: string }
  | { kind: 'progress'; stage: string; done: number; total: number }
  | { kind: 'stage-done'; stage: string; detail?: string };

export interface LearningLoopOptions {
  readonly api: LoopApi;
  /** Collection to create (or reuse when it already holds `corpus.count` items). */
  readonly collection: string;
  /** The corpus: a JSONL file under the API's import root, `{id, title, text}` per line. */
  readonly corpus: { readonly jsonlPath: string; readonly count: number; readonly fieldsToEmbed: readonly string[] };
  /** Queries simulated users search. */
  readonly pool: readonly PoolQuery[];
  /** Held-out queries: searched only by the evaluation, never clicked. */
  readonly heldOut: readonly EvalQuery[];
  readonly clickModel: ClickModelParams;
  readonly seed: number | string;
  /** Sessions before the fine-tuning task is created (the task trains on them). */
  readonly sessions: number;
  /** Sessions served by the deployed version before traffic stops. */
  readonly sessionsAfter: number;
  /** Unique id of this run (release ids, the task's idempotency key). */
  readonly runId: string;
  /** @defaultValue DEFAULT_METHOD */
  readonly method?: string;
  /** Users searching at once while sessions are collected. @defaultValue 4 */
  readonly concurrency?: number;
  /** Time limits (ms). */
  readonly timeouts?: { readonly importMs?: number; readonly taskMs?: number; readonly deployMs?: number };
  /**
   * Reports the automatic deployer's verdict on a task when the caller can see it (the demo reads
   * the API's log): `undefined` while unknown. Without it a refusal shows only as a timeout.
   */
  readonly gateVerdict?: (taskId: string) => GateVerdict | undefined;
  /**
   * When the gate refuses the task's model: `fail` (the run fails), or `deploy` it through
   * `POST /models/{id}/deploy` as an operator would, and say so in the report. @defaultValue 'fail'
   */
  readonly onGateRefusal?: 'fail' | 'deploy';
  /** Each user's pause between sessions while the task trains (ms). @defaultValue 500 */
  readonly trainingPauseMs?: number;
  /** Poll interval (ms). @defaultValue 1000 */
  readonly pollMs?: number;
  /** How long to wait for `GET /metrics/quality` to count this run's searches (its rollups trail writes by a fold period). @defaultValue 30000 */
  readonly metricsWaitMs?: number;
  readonly onEvent?: (event: LoopEvent) => void;
  /** @defaultValue Date.now */
  readonly now?: () => number;
  /** @defaultValue setTimeout-based sleep */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The automatic deployer's verdict on a task, as the API logs it. */
export interface GateVerdict {
  readonly passed: boolean;
  /** The gate report (click metric, general-query overlap). */
  readonly gate: unknown;
}

/** What a run did and measured. */
export interface LearningLoopReport {
  readonly collection: string;
  readonly imported: boolean;
  readonly baselineVersion: number;
  readonly deployedVersion: number | null;
  /** How the new version came: the automatic deploy, or by hand after the gate refused (with the gate's report). */
  readonly deploy: { readonly by: 'auto' | 'manual-after-gate-refusal' | 'none'; readonly gate: unknown };
  readonly task: { readonly id: string; readonly status: string; readonly bestModelId: string | null; readonly batchId: string | null; readonly seconds: number };
  /** Sessions before the task, while it ran, and served by the deployed version. */
  readonly sessions: { readonly beforeTask: number; readonly total: number; readonly byDeployed: number };
  /** Sessions of the batch the task trained on, and how many of them carried a held-out query text (must be 0). */
  readonly trainedBatch: { readonly sessions: number; readonly heldOutTexts: number } | null;
  readonly clicks: readonly VersionQuality[];
  readonly heldOut: { readonly queries: number; readonly before: HeldOutEvaluation; readonly after: HeldOutEvaluation | null; readonly delta: NdcgDelta | null };
  readonly route: RouteQualityReport | { unavailable: string };
  readonly startedAt: string;
  readonly seconds: Record<string, number>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the product's learning loop through its API: collection and import, a held-out
 * evaluation, simulated users, a fine-tuning task that deploys itself, traffic that keeps
 * running until the deployed version has served `sessionsAfter` sessions, and the evaluation
 * again. Held-out searches land in a batch that is released on its own, so no task trains on
 * them, and the trained batch is checked for their texts.
 */
export async function runLearningLoop(options: LearningLoopOptions): Promise<LearningLoopReport> {
  const { api, collection } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const pollMs = options.pollMs ?? 1000;
  const emit = options.onEvent ?? (() => undefined);
  const startedAt = new Date(now()).toISOString();
  const seconds: Record<string, number> = {};
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = now();
    emit({ kind: 'stage', stage });
    try {
      return await fn();
    } finally {
      seconds[stage] = (now() - t0) / 1000;
    }
  };
  const until = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (now() > deadline) throw new LearningLoopStepFailedError(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s.`, { details: { what } });
      await sleep(pollMs);
    }
  };
  if (!Number.isInteger(options.sessions) || options.sessions < 1) throw new LearningLoopInvalidArgumentError(`sessions must be a positive integer, got ${options.sessions}.`);
  if (options.heldOut.length === 0) throw new LearningLoopInvalidArgumentError('No held-out query: the evaluation needs at least one.');
  const guard = createHeldOutGuard(options.heldOut);
  const log = new ClickLog();
  const traffic = createTraffic({
    api,
    collection,
    pool: options.pool,
    clickModel: options.clickModel,
    seed: options.seed,
    guard,
    log,
    concurrency: options.concurrency ?? 4,
    sleep,
  });

  // 1. The collection: created and imported, or reused at its first version.
  const imported = await timed('import', async () => {
    const existing = await api.getCollection(collection);
    if (existing && existing.count !== options.corpus.count) {
      throw new LearningLoopInvalidArgumentError(
        `Collection "${collection}" already holds ${existing.count} items, not the ${options.corpus.count} of this corpus; start afresh (a new database) or pick another collection name.`,
        { details: { collection } },
      );
    }
    if (existing) return false;
    await api.createCollection({ name: collection, fields_to_embed: [...options.corpus.fieldsToEmbed] });
    const job = await api.createImport(collection, { source: { jsonl_path: options.corpus.jsonlPath }, id_field: 'id' });
    await until('The import', options.timeouts?.importMs ?? 120 * 60_000, async () => {
      const view = await api.getImport(job.id);
      emit({ kind: 'progress', stage: 'import', done: view.progress?.indexed ?? 0, total: options.corpus.count });
      if (view.status === 'error' || view.status === 'canceled' || view.status === 'failed') {
        throw new LearningLoopStepFailedError(`The import ${job.id} ended ${view.status}: ${JSON.stringify(view.error ?? null)}`, { details: { import_id: job.id } });
      }
      return view.status === 'done' ? view : undefined;
    });
    const after = await api.getCollection(collection);
    if (after?.count !== options.corpus.count) {
      throw new LearningLoopStepFailedError(`The import finished with ${after?.count ?? 0} searchable items of ${options.corpus.count}; see the worker log for rejected lines.`);
    }
    return true;
  });
  emit({ kind: 'stage-done', stage: 'import', detail: imported ? `${options.corpus.count} items imported` : `reused (${options.corpus.count} items)` });
  const active = (await api.getCollection(collection))?.profile_version ?? 1;
  const baselineVersion = active === 1 ? 1 : (await api.rollback(collection, 1)).version;

  // 2. Held-out queries before: their sessions go into a batch of their own, released at once.
  await api.releaseBatch(`${options.runId}-leftovers`);
  const before = await timed('held-out before', () =>
    evaluateHeldOut(api, collection, options.heldOut, { onQuery: (done) => emit({ kind: 'progress', stage: 'held-out before', done, total: options.heldOut.length }) }),
  );
  await api.releaseBatch(`${options.runId}-held-out-before`);
  emit({ kind: 'stage-done', stage: 'held-out before' });

  // 3. Users search and click; the task trains on these sessions.
  await timed('sessions', () => {
    const start = traffic.done;
    const report = setInterval(() => emit({ kind: 'progress', stage: 'sessions', done: traffic.done - start, total: options.sessions }), 500);
    return traffic.run({ count: options.sessions }).finally(() => {
      clearInterval(report);
      emit({ kind: 'progress', stage: 'sessions', done: traffic.done - start, total: options.sessions });
    });
  });
  const beforeTask = traffic.done;
  emit({ kind: 'stage-done', stage: 'sessions' });

  // 4. The task, with traffic running on, until the deployed version has served enough sessions.
  const created = await api.createTask({
    fine_tuning_method: options.method ?? DEFAULT_METHOD,
    metadata: { deploy: { collection, auto: true }, source: 'learning-loop', run: options.runId },
    idempotency_key: uuidFrom(`learning-loop:${options.runId}`),
  });
  let stop = false;
  let deployedVersion: number | null = null;
  let deployBy: LearningLoopReport['deploy']['by'] = 'none';
  let gate: unknown = null;
  const servedByDeployed = (): number => (deployedVersion === null ? 0 : log.sessions.filter((s) => s.version === deployedVersion).length);
  // While the worker trains, users come slower (they share the cores with it); at full pace again once the new version serves.
  const background = traffic.run({
    until: () => stop || (deployedVersion !== null && servedByDeployed() >= options.sessionsAfter),
    pauseMs: () => (deployedVersion === null ? (options.trainingPauseMs ?? 500) : 0),
  });
  let task: TaskView;
  const taskStarted = now();
  try {
    task = await timed('fine-tuning', () =>
      until('The fine-tuning task', options.timeouts?.taskMs ?? 90 * 60_000, async () => {
        const view = await api.getTask(created.id);
        emit({ kind: 'stage', stage: 'fine-tuning', detail: progressText(view) });
        if (view.status === 'error' || view.status === 'canceled') {
          throw new LearningLoopStepFailedError(`Fine-tuning task ${created.id} ended ${view.status}: ${JSON.stringify(view.error ?? null)}`, { details: { task_id: created.id } });
        }
        return view.status === 'done' ? view : undefined;
      }),
    );
    emit({ kind: 'stage-done', stage: 'fine-tuning', detail: `task ${task.id} done, best model ${task.best_model_id ?? 'none'}` });
    const verdict = await timed('deploy', () =>
      until('The automatic deploy', options.timeouts?.deployMs ?? 120_000, async () => {
        const versions = await api.listDeployments(collection);
        const hit = versions.find((v) => v.version > baselineVersion && v.deployment?.requested_by === `auto:${created.id}`);
        if (hit) return { version: hit.version, gate: options.gateVerdict?.(created.id)?.gate ?? null };
        const refused = options.gateVerdict?.(created.id);
        return refused && !refused.passed ? { version: null, gate: refused.gate } : undefined;
      }),
    );
    gate = verdict.gate;
    if (verdict.version !== null) {
      deployedVersion = verdict.version;
      deployBy = 'auto';
    } else if (options.onGateRefusal === 'deploy' && task.best_model_id) {
      emit({ kind: 'stage-done', stage: 'deploy', detail: `the gate refused the model: ${JSON.stringify(gate)}; deploying it by hand` });
      deployedVersion = (await api.deployModel(task.best_model_id, collection, (await api.getCollection(collection))?.profile_version ?? baselineVersion)).version;
      deployBy = 'manual-after-gate-refusal';
    } else {
      throw new LearningLoopStepFailedError(`The deploy gate refused the model of task ${created.id}: ${JSON.stringify(gate)}`, { details: { task_id: created.id } });
    }
    emit({ kind: 'stage-done', stage: 'deploy', detail: `version ${deployedVersion} active` });
    await timed('sessions after deploy', () => background);
  } finally {
    stop = true;
    await background;
  }
  const taskSeconds = (now() - taskStarted) / 1000;

  // 5. Held-out queries after, on the deployed version.
  const after = await timed('held-out after', () =>
    evaluateHeldOut(api, collection, options.heldOut, { onQuery: (done) => emit({ kind: 'progress', stage: 'held-out after', done, total: options.heldOut.length }) }),
  );
  emit({ kind: 'stage-done', stage: 'held-out after' });

  // 7. The metrics route folds its rollups every few seconds: wait (bounded) until it counts every
  // search this run made (user sessions and both held-out passes) and the deployed version.
  const settledQuality = async (): Promise<RouteQualityReport | { unavailable: string }> => {
    const expected = traffic.done + 2 * options.heldOut.length;
    const deadline = now() + (options.metricsWaitMs ?? 30_000);
    for (;;) {
      const answer = await api.quality(collection, startedAt);
      if ('unavailable' in answer) return answer;
      const searches = answer.series.reduce((n, s) => n + s.totals.searches, 0);
      if ((searches >= expected && answer.series.some((s) => s.version === deployedVersion)) || now() > deadline) return answer;
      await sleep(pollMs);
    }
  };

  // 6. The trained batch must hold no held-out text.
  let trainedBatch: LearningLoopReport['trainedBatch'] = null;
  if (task.batch_id) {
    const texts = await api.batchQueries(task.batch_id);
    const heldOutTexts = new Set(options.heldOut.map((q) => normalQueryText(q.text)));
    trainedBatch = { sessions: texts.length, heldOutTexts: texts.filter((t) => heldOutTexts.has(normalQueryText(t))).length };
  }
  return {
    collection,
    imported,
    baselineVersion,
    deployedVersion,
    deploy: { by: deployBy, gate },
    task: { id: task.id, status: task.status, bestModelId: task.best_model_id ?? null, batchId: task.batch_id ?? null, seconds: taskSeconds },
    sessions: { beforeTask, total: traffic.done, byDeployed: servedByDeployed() },
    trainedBatch,
    clicks: log.byVersion(),
    heldOut: { queries: options.heldOut.length, before, after, delta: compareEvaluations(before, after, `${options.seed}:bootstrap`) },
    route: await settledQuality(),
    startedAt,
    seconds,
  };
}

function progressText(task: TaskView): string {
  const p = task.progress as { phase?: string; fraction?: number; run?: number; runs?: number; epoch?: number; epochs?: number; message?: string } | undefined;
  if (!p) return task.status;
  return [
    task.status,
    p.phase,
    p.fraction === undefined ? undefined : `${Math.round(p.fraction * 100)}%`,
    p.run === undefined ? undefined : `run ${p.run}/${p.runs ?? '?'}`,
    p.epoch === undefined ? undefined : `epoch ${p.epoch}/${p.epochs ?? '?'}`,
    p.message,
  ]
    .filter((x) => x !== undefined && x !== '')
    .join(' · ');
}

/** A UUID (version 4 layout) derived from `text`, so the same run asks for the same task. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
