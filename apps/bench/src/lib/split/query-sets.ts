import { BenchDatasetInvalidError, BenchInvalidArgumentError } from '../../errors.js';
import { queriesWithRelevant } from '@embedding-studio/click-simulation';
import type { BeirQuery, Qrels } from '@embedding-studio/click-simulation';
import { assertNoEvalLeak, removeEvalQueries } from './eval-guard.js';
import type { GuardQuery } from './eval-guard.js';
import { makeQuerySplit } from './query-split.js';
import type { QuerySplit } from './query-split.js';

export interface QuerySetsInput {
  /** Queries of the dataset folder (texts of click-pool and dev queries). */
  readonly datasetQueries: readonly BeirQuery[];
  /** Judgments of the dataset folder (`qrels/train.tsv`). */
  readonly datasetQrels: Qrels;
  /** The committed split; ignored when `clickQrels` is given. */
  readonly split?: QuerySplit;
  /** `--click-qrels`: the click pool is every judged query in it; dev is carved from it. */
  readonly clickQrels?: Qrels;
  /** `--eval-queries`: texts of the evaluation queries (falls back to the dataset's). */
  readonly evalQueries?: readonly BeirQuery[];
  /** `--eval-qrels`: the evaluated queries are exactly its judged queries. */
  readonly evalQrels?: Qrels;
}

export interface QuerySets {
  readonly headline: 'dev' | 'eval';
  /** Queries allowed to produce sessions. */
  readonly clickPool: GuardQuery[];
  readonly dev: GuardQuery[];
  /** Evaluation queries (empty in dev mode). */
  readonly evalQueries: GuardQuery[];
  /** Judgments of click-pool and dev queries. */
  readonly qrels: Qrels;
  /** Judgments of the evaluation queries (empty in dev mode). */
  readonly evalQrels: Qrels;
  /** Queries taken out of the click pool or dev because an evaluation (or dev) query shares their id or text. */
  readonly removed: Array<{ id: string; from: 'click-pool' | 'dev'; reason: 'id' | 'text' }>;
}

function withTexts(ids: readonly string[], texts: ReadonlyMap<string, string>, source: string): GuardQuery[] {
  return ids.map((id) => {
    const text = texts.get(id);
    if (text === undefined) {
      throw new BenchDatasetInvalidError(`Query "${id}" is judged in ${source} but has no text in the queries file; pass the matching queries file.`, {
        details: { id, source },
      });
    }
    return { id, text };
  });
}

/**
 * Decides which queries click, which tune, and which are evaluated:
 * - click pool and dev come from the committed split, or, with `clickQrels`, from every judged
 *   query of that file split again with the fixed seed;
 * - with `evalQrels`, the evaluated queries are exactly its judged queries; any click-pool or
 *   dev query with the same id or the same (normalised) text is removed;
 * - any click-pool query whose text equals a dev query's text is removed too;
 * - finally it asserts that no evaluation or dev query id or text is left in the click pool.
 */
export function buildQuerySets(input: QuerySetsInput): QuerySets {
  const datasetTexts = new Map(input.datasetQueries.map((q) => [q.id, q.text]));
  let poolIds: readonly string[];
  let devIds: readonly string[];
  let qrels: Qrels;
  if (input.clickQrels) {
    const carved = makeQuerySplit(queriesWithRelevant(input.clickQrels));
    poolIds = carved.clickPool;
    devIds = carved.dev;
    qrels = input.clickQrels;
  } else {
    if (!input.split) throw new BenchInvalidArgumentError('No query split: pass the committed split file or --click-qrels.');
    poolIds = input.split.clickPool;
    devIds = input.split.dev;
    qrels = input.datasetQrels;
  }
  let pool = withTexts(poolIds, datasetTexts, input.clickQrels ? '--click-qrels' : 'the split');
  let dev = withTexts(devIds, datasetTexts, input.clickQrels ? '--click-qrels' : 'the split');
  const removed: QuerySets['removed'] = [];

  let evalQueries: GuardQuery[] = [];
  const evalQrels: Qrels = input.evalQrels ?? new Map();
  if (input.evalQrels) {
    const evalTexts = new Map(datasetTexts);
    for (const q of input.evalQueries ?? []) evalTexts.set(q.id, q.text);
    evalQueries = withTexts(queriesWithRelevant(input.evalQrels), evalTexts, '--eval-qrels');
    if (evalQueries.length === 0) throw new BenchInvalidArgumentError('--eval-qrels holds no query with a relevant document.');
    const fromPool = removeEvalQueries(pool, evalQueries);
    const fromDev = removeEvalQueries(dev, evalQueries);
    pool = fromPool.kept;
    dev = fromDev.kept;
    removed.push(...fromPool.removed.map((r) => ({ ...r, from: 'click-pool' as const })));
    removed.push(...fromDev.removed.map((r) => ({ ...r, from: 'dev' as const })));
  }
  const devGuard = removeEvalQueries(pool, dev);
  pool = devGuard.kept;
  removed.push(...devGuard.removed.map((r) => ({ ...r, from: 'click-pool' as const })));

  assertNoEvalLeak({ ids: pool.map((q) => q.id), texts: pool.map((q) => q.text) }, [...evalQueries, ...dev], 'the click pool');
  return { headline: input.evalQrels ? 'eval' : 'dev', clickPool: pool, dev, evalQueries, qrels, evalQrels, removed };
}
