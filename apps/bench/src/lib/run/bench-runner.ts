import { createRng, seedFrom } from '@embedding-studio/random';
import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { BenchInvalidArgumentError } from '../../errors.js';
import { relevantDocs } from '@embedding-studio/click-simulation';
import type { Qrels } from '@embedding-studio/click-simulation';
import { CLICK_SETTINGS } from '@embedding-studio/click-simulation';
import type { SettingId } from '@embedding-studio/click-simulation';
import { logThroughClickstream } from '../clicks/clickstream-log.js';
import { clicksPerDoc, countClicks, randomiseClicks, simulateSessions } from '../clicks/simulate.js';
import type { ShownQuery, SimulatedSession } from '../clicks/simulate.js';
import { evaluateRun } from '../eval/metrics.js';
import type { RunEvaluation } from '../eval/metrics.js';
import { identityAdapter } from '../learners/learner.js';
import type { Learner, QueryAdapter, TrainedAdapter } from '../learners/learner.js';
import type { EvalSplit, ReportRow, SystemId } from '../report/rows.js';
import { assertNoEvalLeak } from '../split/eval-guard.js';
import type { GuardQuery } from '../split/eval-guard.js';
import { C_POP_GRID, popularityBoost, tuneWeight } from '../systems/c-pop.js';
import { buildFeedbackSystem } from '../systems/feedback.js';
import { judgmentSessions } from '../training/judgment-sessions.js';
import { searchTopK } from '../vectors/exact-search.js';
import { createVectorTable, rowOf, selectRows } from '../vectors/vector-table.js';
import type { VectorTable } from '../vectors/vector-table.js';

/** What to run. */
export interface BenchPlan {
  readonly dataset: string;
  /** `dev` (default protocol) or `eval` (queries of `--eval-qrels`). */
  readonly headlineSplit: 'dev' | 'eval';
  readonly settings: readonly SettingId[];
  /** Session budgets, any order. */
  readonly budgets: readonly number[];
  readonly systems: readonly SystemId[];
  /** Seed values (one run per seed). */
  readonly seeds: readonly number[];
  /** Also evaluate on the click-pool queries (seen queries). @defaultValue true */
  readonly evaluateSeen?: boolean;
  /** Results shown per session. @defaultValue 10 */
  readonly shown?: number;
  /** Ranking depth for metrics. @defaultValue 100 */
  readonly depth?: number;
}

/** The embedded data a run works on. */
export interface BenchData {
  /** Base doc vectors (normalised), by doc id. */
  readonly corpus: VectorTable;
  /** Doc texts by id (the item texts the product's loader would return). */
  readonly documents: ReadonlyMap<string, string>;
  /** Base query vectors (normalised), by query id: every click-pool, dev and eval query. */
  readonly queries: VectorTable;
  /** Queries that may produce sessions (already cleared of evaluation queries). */
  readonly clickPool: readonly GuardQuery[];
  /** Tuning and early-stopping queries (and the headline in `dev` mode). */
  readonly dev: readonly GuardQuery[];
  /** Headline queries in `eval` mode (empty in `dev` mode). */
  readonly evalQueries: readonly GuardQuery[];
  /** Judgments of click-pool and dev queries. */
  readonly qrels: Qrels;
  /** Judgments of the eval queries (`eval` mode). */
  readonly evalQrels: Qrels;
  readonly modelSha: string;
  readonly corpusSha: string;
}

export interface BenchDeps {
  /** Trains P, C-rand and O (the same learner for all three: the shipped default fine-tuning method). */
  readonly learner: Learner;
  /** The tfjs backend the learner runs on, copied into every row. */
  readonly backend?: string;
  /** Progress lines (stderr). */
  readonly log: (line: string) => void;
}

interface Evaluated {
  readonly split: EvalSplit;
  readonly eval: RunEvaluation;
}

const round = (v: number, digits = 6): number => Number(v.toFixed(digits));

/**
 * Runs every (seed, setting, budget, system) of the plan and returns one row per evaluated
 * split. Sessions are shown the base system's top-10 (the deployed system logs the clicks),
 * and every click log goes through the product's clickstream path before the learner (the
 * default fine-tuning method) turns it into training data.
 */
export async function runBenchmark(plan: BenchPlan, data: BenchData, deps: BenchDeps): Promise<ReportRow[]> {
  const shownK = plan.shown ?? 10;
  const depth = plan.depth ?? 100;
  const { corpus, queries } = data;
  const log = deps.log;

  // --- leak guards: evaluation (and dev) texts never reach the click pool -------------------
  const protectedQueries: GuardQuery[] = [...data.dev, ...data.evalQueries];
  assertNoEvalLeak({ ids: data.clickPool.map((q) => q.id), texts: data.clickPool.map((q) => q.text) }, protectedQueries, 'the click pool');
  if (data.clickPool.length === 0) throw new BenchInvalidArgumentError('The click pool is empty after removing evaluation queries.');
  if (data.dev.length === 0) throw new BenchInvalidArgumentError('The dev split is empty: C-pop tuning needs dev queries.');

  const judged = (qrels: Qrels, qs: readonly GuardQuery[]): string[] => qs.filter((q) => relevantDocs(qrels, q.id).size > 0).map((q) => q.id);
  const headlineIds = plan.headlineSplit === 'eval' ? judged(data.evalQrels, data.evalQueries) : judged(data.qrels, data.dev);
  const headlineQrels = plan.headlineSplit === 'eval' ? data.evalQrels : data.qrels;
  if (headlineIds.length === 0) throw new BenchInvalidArgumentError(`No ${plan.headlineSplit} query has a relevant document; nothing to evaluate.`);
  const devIds = judged(data.qrels, data.dev);
  const poolIds = judged(data.qrels, data.clickPool);
  const splits: Array<{ split: EvalSplit; ids: string[]; qrels: Qrels; table: VectorTable }> = [
    { split: plan.headlineSplit, ids: headlineIds, qrels: headlineQrels, table: selectRows(queries, headlineIds) },
  ];
  if (plan.evaluateSeen ?? true) splits.push({ split: 'click-pool', ids: poolIds, qrels: data.qrels, table: selectRows(queries, poolIds) });
  const devTable = selectRows(queries, devIds);

  const evaluate = (adapter: QueryAdapter, boost?: Float32Array): Evaluated[] =>
    splits.map((s) => ({ split: s.split, eval: evaluateRun(searchTopK(adapter.apply(s.table), corpus, depth, boost), s.qrels, s.ids) }));
  const devScore = (adapter: QueryAdapter, boost?: Float32Array): number =>
    evaluateRun(searchTopK(adapter.apply(devTable), corpus, 10, boost), data.qrels, devIds).mean.ndcg10;

  // --- what the deployed base system shows for each click-pool query ------------------------
  const poolTable = selectRows(
    queries,
    data.clickPool.map((q) => q.id),
  );
  const b0Pool = searchTopK(poolTable, corpus, shownK);
  const shownPool: ShownQuery[] = data.clickPool.map((q) => ({
    id: q.id,
    text: q.text,
    shown: (b0Pool.get(q.id) ?? []).map((h) => h.id),
    relevant: relevantDocs(data.qrels, q.id),
  }));

  // Query vectors keyed by (trimmed) text, for click-pool queries only: learners cannot look up anything else.
  const textIds: string[] = [];
  const textRows: number[] = [];
  const seenText = new Set<string>();
  for (const q of data.clickPool) {
    const text = q.text.trim();
    if (seenText.has(text)) continue;
    seenText.add(text);
    textIds.push(text);
    textRows.push(queries.index.get(q.id) as number);
  }
  const d = queries.dimension;
  const byTextData = new Float32Array(textIds.length * d);
  textRows.forEach((row, i) => byTextData.set(queries.data.subarray(row * d, (row + 1) * d), i * d));
  const poolByText = createVectorTable(textIds, byTextData, d, false);

  const queryTexts = new Map([...data.clickPool, ...data.dev, ...data.evalQueries].map((q) => [q.id, q.text]));
  const rows: ReportRow[] = [];
  const settings = plan.settings;
  const budgets = [...new Set(plan.budgets)].sort((a, b) => a - b);
  const maxBudget = budgets.at(-1) ?? 0;
  const has = (s: SystemId): boolean => plan.systems.includes(s);

  const emit = (
    system: SystemId,
    setting: string,
    budget: number,
    seed: number,
    results: Evaluated[],
    extra: {
      runtime: number;
      train: number;
      sessions: number;
      clicks: number;
      details: Record<string, number | string>;
      clicked?: ReadonlyMap<string, number>;
    },
  ): void => {
    for (const r of results) {
      const split = splits.find((s) => s.split === r.split);
      const unclicked =
        extra.clicked && split
          ? split.ids.filter((qid) => [...relevantDocs(split.qrels, qid)].every((doc) => !extra.clicked?.has(doc)))
          : undefined;
      const perQuery: Record<string, number> = {};
      for (const [qid, m] of r.eval.perQuery) perQuery[qid] = round(m.ndcg10);
      rows.push({
        dataset: plan.dataset,
        split: r.split,
        setting,
        budget,
        seed,
        system,
        ndcg10: round(r.eval.mean.ndcg10),
        recall10: round(r.eval.mean.recall10),
        recall100: round(r.eval.mean.recall100),
        mrr10: round(r.eval.mean.mrr10),
        per_query: perQuery,
        runtime_s: round(extra.runtime, 3),
        train_s: round(extra.train, 3),
        model_sha: data.modelSha,
        corpus_sha: data.corpusSha,
        sessions: extra.sessions,
        clicks: extra.clicks,
        details: extra.details,
        ...(deps.backend ? { backend: deps.backend } : {}),
        ...(unclicked ? { unclicked_queries: unclicked } : {}),
      });
    }
  };

  /**
   * Sessions → the learner (the plugin prepares its data, trains and picks its epoch). The time
   * counts both steps (`train_s`); the leak guard runs on the sessions before the learner sees them.
   */
  const train = async (label: string, sessions: readonly SessionWithEvents[], seed: number): Promise<{ adapter: TrainedAdapter; seconds: number }> => {
    const t0 = Date.now();
    assertNoEvalLeak({ texts: sessions.map((s) => s.search_query) }, protectedQueries, `the sessions of ${label}`);
    const adapter = await deps.learner.train(
      { sessions, items: corpus, documents: data.documents, queries: poolByText },
      {
        seed: seedFrom(`learner:${seed}`),
        onEpochEnd: (e) =>
          log(`  ${label} epoch ${e.epoch}: loss ${e.loss.toFixed(4)}${Number.isFinite(e.validation) ? `, selection ${e.validation.toFixed(4)}` : ''}`),
      },
    );
    return { adapter, seconds: (Date.now() - t0) / 1000 };
  };
  /** Ranks with a trained adapter, then frees it. */
  const evaluateTrained = (adapter: TrainedAdapter): Evaluated[] => {
    try {
      return evaluate(adapter);
    } finally {
      adapter.dispose();
    }
  };
  const learnerDetails = (a: TrainedAdapter): Record<string, number | string> => ({
    best_epoch: a.summary.bestEpoch,
    epochs: a.summary.epochsRun,
    pairs: a.summary.pairs,
    selection: round(a.summary.bestValidation, 4),
  });

  // --- B0: frozen base model ------------------------------------------------------------------
  let b0: { results: Evaluated[]; seconds: number } | undefined;
  if (has('B0')) {
    const t0 = Date.now();
    b0 = { results: evaluate(identityAdapter(d)), seconds: (Date.now() - t0) / 1000 };
    log(`B0: ${summaryLine(b0.results)}`);
  }

  for (const seed of plan.seeds) {
    // --- O: the same learner on the click pool's true judgments (independent of clicks) -------
    let oracle: { results: Evaluated[]; seconds: number; train: number; details: Record<string, number | string> } | undefined;
    if (has('O')) {
      const t0 = Date.now();
      log(`[seed ${seed}] O: training on the click pool's judgments`);
      const { adapter, seconds } = await train(`[seed ${seed}] O`, judgmentSessions(shownPool), seed);
      const results = evaluateTrained(adapter);
      oracle = { results, seconds: (Date.now() - t0) / 1000, train: seconds, details: learnerDetails(adapter) };
      log(`[seed ${seed}] O: ${summaryLine(results)}`);
    }

    for (const setting of settings) {
      const sessionsAll = simulateSessions({
        budget: maxBudget,
        pool: shownPool,
        clickModel: CLICK_SETTINGS[setting],
        queryRng: createRng(seedFrom(`bench:queries:${seed}`)),
        clickRng: createRng(seedFrom(`bench:clicks:${setting}:${seed}`)),
        idPrefix: `${setting}-s${seed}`,
      });
      const randomAll = has('C-rand') ? randomiseClicks(sessionsAll, createRng(seedFrom(`bench:crand:${setting}:${seed}`))) : [];

      for (const budget of budgets) {
        const label = `[seed ${seed} ${setting} ${budget}]`;
        const sessions = sessionsAll.slice(0, budget);
        const clicks = countClicks(sessions);
        log(`${label} ${budget} sessions, ${clicks} clicks`);
        if (b0) emit('B0', setting, budget, seed, b0.results, { runtime: b0.seconds, train: 0, sessions: 0, clicks: 0, details: {} });
        if (oracle) {
          emit('O', setting, budget, seed, oracle.results, {
            runtime: oracle.seconds,
            train: oracle.train,
            sessions: 0,
            clicks: 0,
            details: oracle.details,
          });
        }

        // the click log, as the product stores it (its time counts towards P and C-pop)
        const tLog = Date.now();
        const logged: SessionWithEvents[] = await logThroughClickstream(sessions, `bench-${setting}-${seed}-${budget}`);
        const clicked = clicksPerDoc(logged);
        const logS = (Date.now() - tLog) / 1000;

        if (has('C-pop')) {
          const t0 = Date.now();
          const tuned = tuneWeight(C_POP_GRID, (w) => devScore(identityAdapter(d), popularityBoost(corpus, clicked, w)));
          const results = evaluate(identityAdapter(d), popularityBoost(corpus, clicked, tuned.w));
          emit('C-pop', setting, budget, seed, results, {
            runtime: logS + (Date.now() - t0) / 1000,
            train: 0,
            sessions: sessions.length,
            clicks,
            details: { w: tuned.w },
            clicked,
          });
          log(`${label} C-pop (w=${tuned.w}): ${summaryLine(results)}`);
        }
        if (has('F')) {
          // F: the same click log, no training: B0 re-ranked by the product's feedback layer.
          const t0 = Date.now();
          const system = await buildFeedbackSystem(logged, (text) => rowOf(poolByText, text.trim()));
          const ranked = [];
          for (const sp of splits) {
            const { run, coverage } = await system.rank(searchTopK(sp.table, corpus, depth), sp.table, queryTexts);
            ranked.push({ results: [{ split: sp.split, eval: evaluateRun(run, sp.qrels, sp.ids) }], coverage });
          }
          const runtime = logS + (Date.now() - t0) / 1000;
          for (const { results, coverage } of ranked) {
            emit('F', setting, budget, seed, results, { runtime, train: 0, sessions: sessions.length, clicks, details: { ...coverage }, clicked });
            log(`${label} F: ${summaryLine(results)} (queries seen ${coverage.seen}, near ${coverage.near}, unseen ${coverage.unseen})`);
          }
        }
        if (has('P')) {
          const t0 = Date.now();
          const { adapter, seconds } = await train(`${label} P`, logged, seed);
          const results = evaluateTrained(adapter);
          emit('P', setting, budget, seed, results, {
            runtime: logS + (Date.now() - t0) / 1000,
            train: seconds,
            sessions: sessions.length,
            clicks,
            details: learnerDetails(adapter),
            clicked,
          });
          log(`${label} P: ${summaryLine(results)}`);
        }
        if (has('C-rand')) {
          const t0 = Date.now();
          const randomised: SimulatedSession[] = randomAll.slice(0, budget);
          const randomLog = await logThroughClickstream(randomised, `bench-rand-${setting}-${seed}-${budget}`);
          const { adapter, seconds } = await train(`${label} C-rand`, randomLog, seed);
          const results = evaluateTrained(adapter);
          emit('C-rand', setting, budget, seed, results, {
            runtime: (Date.now() - t0) / 1000,
            train: seconds,
            sessions: randomised.length,
            clicks: countClicks(randomised),
            details: learnerDetails(adapter),
          });
          log(`${label} C-rand: ${summaryLine(results)}`);
        }
      }
    }
  }
  return rows;
}

function summaryLine(results: readonly Evaluated[]): string {
  return results.map((r) => `${r.split} nDCG@10 ${r.eval.mean.ndcg10.toFixed(4)}`).join(', ');
}
