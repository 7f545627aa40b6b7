// Automatic deploys of fine-tuned adapters: a finished fine-tuning task whose metadata asks for it
// (`deploy: {collection, auto: true}`) gets its best model deployed when it passes the gate.
import { isAppError } from '@embedding-studio/errors';
import type { JsonObject } from '@embedding-studio/primitives';
import { forgettingGuard, type ForgettingReport, type GeneralJudgments } from './forgetting-guard.js';
import type { DeploymentView } from './model.js';
import type { DeploymentService } from './services.js';

/** General queries the forgetting guard runs when a task names none. */
export const DEFAULT_GENERAL_QUERIES: readonly string[] = [
  'how does it work',
  'best option for beginners',
  'history and origin',
  'health effects',
  'price and cost',
  'safety risks',
  'latest research results',
  'definition and meaning',
  'comparison of alternatives',
  'common problems and fixes',
];

/**
 * The metric of the task's own held-out clicks: MRR of the clicked results under the candidate
 * minus under the model it started from (0 for no change). A ranking measure, because the
 * contrastive loss the default method trains with is free to rescale similarities: the older
 * distance-shift metric fell below 0 for adapters that rank held-out clicks higher.
 */
export const CLICK_GATE_METRIC = 'test_mrr_lift';

/** A finished fine-tuning task, as the auto-deployer reads it. */
export interface FinishedTaskView {
  id: string;
  status: string;
  best_model_id?: string;
  metrics?: Record<string, number>;
  metadata?: JsonObject;
}

/** What the task asks for, under `metadata.deploy`. */
export interface AutoDeployRequest {
  collection: string;
  auto: true;
  /** Queries of the forgetting guard. @defaultValue DEFAULT_GENERAL_QUERIES */
  general_queries?: string[];
  /** Least mean top-k overlap with the active profile on those queries. @defaultValue 0.5 */
  min_overlap?: number;
  /** Results compared per general query. @defaultValue 10 */
  general_k?: number;
  /**
   * Judged relevant item ids per general query: when given, the gate also runs the forgetting
   * guard (`forgettingGuard`) on these queries: the candidate's nDCG@k must not drop
   * significantly below the active profile's.
   */
  general_judgments?: GeneralJudgments;
  /** Largest mean nDCG@k drop the forgetting guard tolerates. @defaultValue 0.02 */
  forgetting_tolerance?: number;
}

export interface GateReport {
  passed: boolean;
  /** The task's held-out click metric (must be ≥ 0: no loss against the base). */
  clicks: { metric: string; value: number | null; passed: boolean };
  /** Mean overlap of the candidate's top k with the active profile's on general queries. */
  general: { queries: number; k: number; overlap: number; min: number; passed: boolean };
  /** The forgetting guard on judged general queries (only when the task gives `general_judgments`). */
  forgetting?: ForgettingReport;
}

export type AutoDeployOutcome =
  | { task_id: string; outcome: 'deployed'; deployment: DeploymentView; gate: GateReport }
  | { task_id: string; outcome: 'gate-failed'; gate: GateReport }
  | { task_id: string; outcome: 'already-deployed' | 'skipped'; reason: string };

export interface AutoDeployerOptions {
  /** Done tasks, newest first (e.g. the fine-tuning task service's list with status=done). */
  listDoneTasks(): Promise<FinishedTaskView[]>;
  deployments: DeploymentService;
}

const isRecord = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `metadata.deploy` of a task; undefined unless it asks for an automatic deploy. */
export function autoDeployRequest(task: FinishedTaskView): AutoDeployRequest | undefined {
  const d = task.metadata?.['deploy'];
  if (!isRecord(d) || d['auto'] !== true || typeof d['collection'] !== 'string') return undefined;
  const queries = Array.isArray(d['general_queries']) ? d['general_queries'].filter((q): q is string => typeof q === 'string' && q.trim().length > 0) : undefined;
  const min = typeof d['min_overlap'] === 'number' && d['min_overlap'] >= 0 && d['min_overlap'] <= 1 ? d['min_overlap'] : undefined;
  const k = Number.isInteger(d['general_k']) && (d['general_k'] as number) >= 1 && (d['general_k'] as number) <= 100 ? (d['general_k'] as number) : undefined;
  const judgments = isRecord(d['general_judgments']) ? judgedQueries(d['general_judgments']) : undefined;
  const tolerance = typeof d['forgetting_tolerance'] === 'number' && d['forgetting_tolerance'] >= 0 && d['forgetting_tolerance'] <= 1 ? d['forgetting_tolerance'] : undefined;
  return {
    collection: d['collection'],
    auto: true,
    ...(queries?.length ? { general_queries: queries } : {}),
    ...(min === undefined ? {} : { min_overlap: min }),
    ...(k === undefined ? {} : { general_k: k }),
    ...(judgments ? { general_judgments: judgments } : {}),
    ...(tolerance === undefined ? {} : { forgetting_tolerance: tolerance }),
  };
}

/** The queries of `value` with a non-empty list of string ids; undefined when none. */
function judgedQueries(value: JsonObject): GeneralJudgments | undefined {
  const out: Record<string, string[]> = {};
  for (const [q, ids] of Object.entries(value)) {
    if (q.trim().length === 0 || !Array.isArray(ids)) continue;
    const kept = ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
    if (kept.length > 0) out[q] = kept;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The deploy gate of a query adapter:
 * 1. no loss on held-out clicks: the task's own test metric (`test_mrr_lift`, the MRR of clicked
 *    results on the task's held-out split minus the starting model's) must be ≥ 0;
 * 2. no drop on a fixed general query set: on queries unrelated to the clicks, the candidate's
 *    top k must keep, on average, at least `min_overlap` of the active profile's top k (a guard
 *    against an adapter that forgets what the base encoder knew);
 * 3. with `general_judgments`, no significant quality drop on judged general queries: the
 *    forgetting guard compares the candidate's nDCG@k with the active profile's.
 */
export async function runDeployGate(deployments: DeploymentService, task: FinishedTaskView, request: AutoDeployRequest): Promise<GateReport> {
  const value = task.metrics?.[CLICK_GATE_METRIC];
  const clicks = { metric: CLICK_GATE_METRIC, value: typeof value === 'number' ? value : null, passed: typeof value === 'number' && value >= 0 };
  const queries = request.general_queries ?? [...DEFAULT_GENERAL_QUERIES];
  const min = request.min_overlap ?? 0.5;
  const k = request.general_k ?? 10;
  const { active, candidate } = await deployments.compare(task.best_model_id as string, { collection: request.collection, queries, k });
  const overlaps = active.map((a, i) => {
    const c = new Set(candidate[i]);
    return a.length === 0 ? 1 : a.filter((id) => c.has(id)).length / a.length;
  });
  const overlap = overlaps.reduce((x, y) => x + y, 0) / Math.max(1, overlaps.length);
  const general = { queries: queries.length, k, overlap, min, passed: overlap >= min };
  if (!request.general_judgments) return { passed: clicks.passed && general.passed, clicks, general };
  const judged = Object.keys(request.general_judgments);
  const ranked = await deployments.compare(task.best_model_id as string, { collection: request.collection, queries: judged, k });
  const forgetting = forgettingGuard(judged, ranked.active, ranked.candidate, request.general_judgments, {
    k,
    ...(request.forgetting_tolerance === undefined ? {} : { tolerance: request.forgetting_tolerance }),
  });
  return { passed: clicks.passed && general.passed && forgetting.passed, clicks, general, forgetting };
}

/**
 * Deploys the best model of each done task that asks for it, once: a task counts as deployed
 * when a profile of its collection records `requested_by: auto:<task id>`. The switch is a
 * compare-and-set on the version the gate ran against, so two processes running this at once
 * deploy a task once (the loser sees the winner's profile next time).
 */
export function createAutoDeployer(options: AutoDeployerOptions) {
  const decided = new Set<string>();
  return {
    async runOnce(): Promise<AutoDeployOutcome[]> {
      const out: AutoDeployOutcome[] = [];
      for (const task of await options.listDoneTasks()) {
        if (decided.has(task.id) || task.status !== 'done') continue;
        const request = autoDeployRequest(task);
        if (!request) continue;
        decided.add(task.id);
        if (!task.best_model_id) {
          out.push({ task_id: task.id, outcome: 'skipped', reason: 'the task has no best model' });
          continue;
        }
        const by = `auto:${task.id}`;
        try {
          const history = await options.deployments.list({ collection: request.collection });
          if (history.some((p) => p.deployment.requested_by === by)) {
            out.push({ task_id: task.id, outcome: 'already-deployed', reason: `a profile of ${request.collection} records ${by}` });
            continue;
          }
          const active = history[0]?.version;
          const gate = await runDeployGate(options.deployments, task, request);
          if (!gate.passed) {
            out.push({ task_id: task.id, outcome: 'gate-failed', gate });
            continue;
          }
          const deployment = await options.deployments.deployModel(task.best_model_id, { collection: request.collection, ...(active ? { expected_version: active } : {}) }, by);
          out.push({ task_id: task.id, outcome: 'deployed', deployment, gate });
        } catch (error) {
          // A lost race or a missing collection is decided; anything else is retried next round.
          if (!isAppError(error) || (error.category !== 'conflict' && error.category !== 'not-found' && error.category !== 'input' && error.category !== 'validation')) decided.delete(task.id);
          out.push({ task_id: task.id, outcome: 'skipped', reason: error instanceof Error ? error.message : String(error) });
        }
      }
      return out;
    },
  };
}
