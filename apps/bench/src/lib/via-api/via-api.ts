// `--via-api`: the protocol's settings end to end over HTTP. Each (setting, budget, seed) is one
// run of the product's learning loop (@embedding-studio/learning-loop) against a real API and
// worker: simulated users search and click through the routes, the fine-tuning task trains on
// their batch and deploys, and the headline queries are evaluated through the search route
// before (B0 = version 1) and after (P = the deployed adapter).
import { CLICK_SETTINGS } from '@embedding-studio/click-simulation';
import type { LoadedDataset, Qrels, SettingId } from '@embedding-studio/click-simulation';
import { meanCi, runLearningLoop } from '@embedding-studio/learning-loop';
import type { EvalQuery, LearningLoopReport, LoopApi, MeanCi, PoolQuery } from '@embedding-studio/learning-loop';
import type { GateVerdict } from '@embedding-studio/learning-loop';
import { pairedBootstrapCI } from '@embedding-studio/losses-metrics';
import { relevantDocs } from '@embedding-studio/click-simulation';
import type { QuerySets } from '../split/query-sets.js';

/** One run over HTTP. */
export interface ViaApiRow {
  readonly setting: SettingId;
  readonly budget: number;
  readonly seed: number;
  readonly split: 'dev' | 'eval';
  /** nDCG@10 of the headline queries through the search route, version 1 (the base model). */
  readonly b0: number;
  /** The same after the task's model was deployed. */
  readonly p: number;
  readonly per_query: Record<string, { b0: number; p: number }>;
  readonly deploy: LearningLoopReport['deploy'];
  readonly versions: { readonly before: number; readonly after: number | null };
  readonly sessions: LearningLoopReport['sessions'];
  readonly task_s: number;
}

/**
 * Runs `run` against a product started for this run alone: a fresh database and vector folder,
 * so the worker's iteration chain starts from the base model (a shared database would continue
 * from the previous run's model, and seeds would not be independent).
 */
export type FreshProduct = <T>(runId: string, run: (api: LoopApi, gateVerdict: (taskId: string) => GateVerdict | undefined) => Promise<T>) => Promise<T>;

export interface ViaApiOptions {
  readonly product: FreshProduct;
  readonly collection: string;
  readonly corpus: { readonly jsonlPath: string; readonly count: number; readonly fieldsToEmbed: readonly string[] };
  readonly settings: readonly SettingId[];
  readonly budgets: readonly number[];
  readonly seeds: readonly number[];
  readonly runId: string;
  readonly log: (line: string) => void;
}

/** Click pool with relevant docs, and the headline queries with their judgments, from the benchmark's query sets. */
export function viaApiQueries(sets: QuerySets): { pool: PoolQuery[]; heldOut: EvalQuery[] } {
  const headline = sets.headline === 'eval' ? sets.evalQueries : sets.dev;
  const qrels: Qrels = sets.headline === 'eval' ? sets.evalQrels : sets.qrels;
  const heldOut = headline
    .map((q) => ({ id: q.id, text: q.text, judgments: new Map([...relevantDocs(qrels, q.id)].map((d) => [d, qrels.get(q.id)?.get(d) ?? 1])) }))
    .filter((q) => q.judgments.size > 0);
  return { pool: sets.clickPool.map((q) => ({ id: q.id, text: q.text, relevant: relevantDocs(sets.qrels, q.id) })), heldOut };
}

/** Runs every (setting, budget, seed) through the API, one after another, each on a product of its own (so each imports the corpus). */
export async function runViaApi(ds: LoadedDataset, sets: QuerySets, options: ViaApiOptions): Promise<ViaApiRow[]> {
  const { pool, heldOut } = viaApiQueries(sets);
  const rows: ViaApiRow[] = [];
  for (const setting of options.settings) {
    for (const budget of options.budgets) {
      for (const seed of options.seeds) {
        const t0 = Date.now();
        options.log(`via-api ${ds.name} ${setting} ${budget} sessions, seed ${seed}: ${pool.length} click-pool and ${heldOut.length} ${sets.headline} queries`);
        const runId = `${options.runId}-${setting}-${budget}-${seed}`;
        const report = await options.product(runId, (api, gateVerdict) =>
          runLearningLoop({
          api,
          collection: options.collection,
          corpus: options.corpus,
          pool,
          heldOut,
          clickModel: CLICK_SETTINGS[setting],
          seed: `${setting}:${budget}:${seed}`,
          sessions: budget,
          sessionsAfter: 20,
          runId,
          gateVerdict,
          onGateRefusal: 'deploy',
          // Users keep coming while the worker trains, slowly: the measured figure is the trained model's.
          trainingPauseMs: 5000,
          }),
        );
        const after = report.heldOut.after;
        if (!after) throw new Error('the loop ended without the evaluation after the deploy');
        const perQuery: Record<string, { b0: number; p: number }> = {};
        for (const [id, b0] of report.heldOut.before.perQuery) perQuery[id] = { b0, p: after.perQuery.get(id) ?? 0 };
        const row: ViaApiRow = {
          setting,
          budget,
          seed,
          split: sets.headline,
          b0: report.heldOut.before.ndcg.mean,
          p: after.ndcg.mean,
          per_query: perQuery,
          deploy: report.deploy,
          versions: { before: report.baselineVersion, after: report.deployedVersion },
          sessions: report.sessions,
          task_s: report.task.seconds,
        };
        options.log(`  B0 ${row.b0.toFixed(4)} → P ${row.p.toFixed(4)} (deploy ${row.deploy.by}, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        rows.push(row);
      }
    }
  }
  return rows;
}

const f4 = (x: number): string => x.toFixed(4);
const withCi = (m: MeanCi): string => (m.lower === null || m.upper === null ? f4(m.mean) : `${f4(m.mean)} [${f4(m.lower)}, ${f4(m.upper)}]`);

/** Markdown: per (setting, budget), B0 and P through the API with t-intervals over seeds and the paired bootstrap over queries. */
export function renderViaApi(rows: readonly ViaApiRow[], meta: { command: string; dataset: string }): string {
  const out = [`# Click-learning benchmark through the API: ${meta.dataset}`, '', `\`${meta.command}\``, ''];
  const cells = new Map<string, ViaApiRow[]>();
  for (const r of rows) cells.set(`${r.setting} ${r.budget}`, [...(cells.get(`${r.setting} ${r.budget}`) ?? []), r]);
  for (const [cell, list] of cells) {
    const ids = Object.keys((list[0] as ViaApiRow).per_query);
    const perQueryDelta = ids.map((id) => list.reduce((s, r) => s + ((r.per_query[id]?.p ?? 0) - (r.per_query[id]?.b0 ?? 0)), 0) / list.length);
    const boot = pairedBootstrapCI(perQueryDelta, { seed: `via-api:${cell}`, resamples: 10_000 });
    out.push(`## ${cell} sessions, ${list[0]?.split} queries (${ids.length}), seeds ${list.map((r) => r.seed).join(', ')}`, '');
    out.push('| system | nDCG@10 (mean [95% t over seeds]) | Δ vs B0 (t, seeds) | Δ per query (bootstrap) | deploys |');
    out.push('|---|---|---|---|---|');
    out.push(`| B0 (v1 through the API) | ${withCi(meanCi(list.map((r) => r.b0)))} | – | – | – |`);
    out.push(
      `| P (deployed adapter) | ${withCi(meanCi(list.map((r) => r.p)))} | ${withCi(meanCi(list.map((r) => r.p - r.b0)))} | ${f4(boot.mean)} [${f4(boot.lower)}, ${f4(boot.upper)}] | ${list.map((r) => r.deploy.by).join(', ')} |`,
    );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
