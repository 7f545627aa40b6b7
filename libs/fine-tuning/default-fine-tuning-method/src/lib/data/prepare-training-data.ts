import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { buildRankingExamples, itemIdsOf, loadItems, splitItemDisjoint, type Item, type ItemLoader, type RankingExample } from '@embedding-studio/data-loaders';
import { FineTuningCancelledError, type TrainingData, type TrainingExample, type VectorTable } from '@embedding-studio/fine-tuning-builder';
import type { EmbeddingModel } from '@embedding-studio/model-runtime';
import { DefaultMethodEncoderFailedError, DefaultMethodNotEnoughSessionsError, DefaultMethodSplitImpossibleError } from '../../errors.js';

/** Sessions needed with a usable click: one to train on and one to measure on. */
export const MIN_SESSIONS_WITH_CLICKS = 2;

/** Why a received session is not in the training data. */
export type SessionSkipReason =
  | 'no-results'
  | 'empty-query'
  | 'duplicate-session-id'
  | 'items-missing'
  | 'split-trimmed'
  | 'irrelevant-on-train-side';

const SKIP_REASONS: readonly SessionSkipReason[] = ['no-results', 'empty-query', 'duplicate-session-id', 'items-missing', 'split-trimmed', 'irrelevant-on-train-side'];

/**
 * What data preparation did, shown on the task. `sessions.received = sessions.used + Σ skipped`.
 */
export type DefaultMethodReport = {
  readonly sessions: {
    readonly received: number;
    /** Sessions whose example is in the training data (train or test). */
    readonly used: number;
    /** Used sessions with clicks (train + test). */
    readonly withClicks: number;
    /** Used sessions without clicks or flagged `is_irrelevant` (test only: they measure `test_irrelevant_dist_shift`). */
    readonly irrelevant: number;
    /** Sessions flagged irrelevant although they had clicks (the flag wins). */
    readonly flaggedWithClicks: number;
    readonly skipped: Readonly<Record<SessionSkipReason, number>>;
  };
  readonly items: {
    /** Where texts came from (`session result meta` or `jsonl:<path>`). */
    readonly source: string;
    /** Distinct items referenced by the sessions' examples. */
    readonly referenced: number;
    /** Referenced items without a text (their references were removed). */
    readonly missing: number;
    /** Items embedded (referenced by the final train/test examples). */
    readonly embedded: number;
  };
  readonly queries: { readonly examples: number; readonly distinctTexts: number };
  /** Train examples and their (query, clicked item) rows. */
  readonly train: { readonly examples: number; readonly rows: number };
  readonly test: { readonly examples: number; readonly irrelevant: number };
  readonly split: {
    readonly testSize: number;
    readonly seed: string;
    readonly attempts: number;
    readonly trimmedExamples: number;
    readonly removedRefs: number;
  };
  readonly dimension: number;
  readonly encoder: { readonly id: string; readonly version: string };
  readonly warnings: readonly string[];
};

export interface PrepareTrainingDataOptions {
  encoder: EmbeddingModel;
  loader: ItemLoader<Item>;
  seed: number;
  /** Starting share of items held out for test; grown (0.3, 0.4, 0.5) when a side ends without clicks. */
  testSize: number;
  negativeRatio: number;
  clickEventTypes: readonly string[];
  embedBatchSize: number;
  /** Sentence appended to "not enough sessions" errors when item texts were missing. */
  missingItemsHint: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface PreparedTrainingData {
  readonly data: TrainingData;
  readonly report: DefaultMethodReport;
}

const SEEDS_PER_TEST_SIZE = 4;

/**
 * Sessions → ranking examples (clicked = positives, shown-not-clicked = negatives, irrelevant
 * sessions kept apart) → item texts (references to items without text removed) → an
 * item-disjoint split with clicks on both sides → query and item vectors from the encoder, in
 * batches. Deterministic for a seed and an encoder.
 *
 * @throws DefaultMethodNotEnoughSessionsError with fewer than 2 usable sessions with clicks, or none with a negative.
 * @throws DefaultMethodSplitImpossibleError when no item-disjoint split leaves clicks on both sides.
 * @throws FineTuningCancelledError (`FINE_TUNING_CANCELLED`) when `signal` aborts.
 */
export async function prepareTrainingData(sessions: readonly SessionWithEvents[], options: PrepareTrainingDataOptions): Promise<PreparedTrainingData> {
  const progress = (fraction: number, message: string): void => options.onProgress?.(fraction, message);
  const checkAbort = (): void => {
    if (options.signal?.aborted) {
      const r: unknown = options.signal.reason;
      throw new FineTuningCancelledError(0, r === undefined ? 'data preparation was aborted' : r instanceof Error ? r.message : String(r));
    }
  };
  const skipped: Record<SessionSkipReason, number> = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SessionSkipReason, number>;

  checkAbort();
  progress(0, `building ranking examples from ${sessions.length} sessions`);
  const built = buildRankingExamples(sessions, {
    clickEventTypes: options.clickEventTypes,
    negativeRatio: options.negativeRatio,
    seed: options.seed,
    honourIrrelevantFlag: true,
  });
  // 'no-negatives' cannot occur: examples whose every result was clicked are kept (dropWithoutNegatives is off).
  for (const s of built.report.skipped) if (s.reason !== 'no-negatives') skipped[s.reason]++;

  // Item texts first, so that a missing text never breaks the split's guarantees afterwards.
  const referenced = new Set<string>();
  for (const e of [...built.examples, ...built.irrelevant]) for (const id of itemIdsOf(e)) referenced.add(id);
  progress(0.02, `loading the texts of ${referenced.size} items from ${options.loader.source}`);
  const loaded = await loadItems(options.loader, referenced);
  checkAbort();
  const texts = new Map<string, string>();
  for (const [id, item] of loaded.items) if (item.text.trim().length > 0) texts.set(id, item.text);
  const examples = keepKnown(built.examples, texts, skipped);
  const irrelevant = keepKnown(built.irrelevant, texts, skipped);

  const counts = { sessions: sessions.length, usable: examples.length, needed: MIN_SESSIONS_WITH_CLICKS, skipped: { ...skipped, 'irrelevant (no clicks)': irrelevant.length } };
  const hint = referenced.size > texts.size ? options.missingItemsHint : 'Collect more search sessions with clicks, then retry.';
  if (examples.length < MIN_SESSIONS_WITH_CLICKS) throw new DefaultMethodNotEnoughSessionsError('too-few-sessions-with-clicks', counts, hint);
  if (!examples.some(hasPair)) throw new DefaultMethodNotEnoughSessionsError('no-negatives', counts, 'Sessions must show results that were not clicked; collect more sessions, then retry.');

  progress(0.04, 'splitting items into train and test');
  const sizes = [...new Set([options.testSize, 0.3, 0.4, 0.5].filter((s) => s >= options.testSize))];
  let chosen: { split: ReturnType<typeof splitItemDisjoint>; testSize: number; seed: string; attempts: number } | null = null;
  let attempts = 0;
  search: for (const testSize of sizes) {
    for (let k = 0; k < SEEDS_PER_TEST_SIZE; k++) {
      attempts++;
      const seed = k === 0 ? String(options.seed) : `${options.seed}:${k}`;
      const split = splitItemDisjoint({ examples, irrelevant }, { testSize, seed });
      if (split.test.examples.length > 0 && split.train.examples.some(hasPair)) {
        chosen = { split, testSize, seed, attempts };
        break search;
      }
    }
  }
  if (!chosen) {
    const items = new Set([...examples, ...irrelevant].flatMap(itemIdsOf)).size;
    throw new DefaultMethodSplitImpossibleError(examples.length, items, attempts);
  }
  const { split } = chosen;
  skipped['split-trimmed'] += split.report.dropped.length;
  skipped['irrelevant-on-train-side'] += split.train.irrelevant.length;

  const trainExamples = split.train.examples;
  const testExamples = [...split.test.examples, ...split.test.irrelevant];
  const allExamples = [...trainExamples, ...testExamples];

  // Distinct query texts and items, in a deterministic order.
  const queryTexts: string[] = [];
  const queryTextRow = new Map<string, number>();
  for (const e of allExamples) {
    if (!queryTextRow.has(e.query)) {
      queryTextRow.set(e.query, queryTexts.length);
      queryTexts.push(e.query);
    }
  }
  const itemIds = [...new Set(allExamples.flatMap(itemIdsOf))].sort();

  const total = queryTexts.length + itemIds.length;
  let done = 0;
  const embedAll = async (list: readonly string[], kind: 'queries' | 'items'): Promise<Float32Array> => {
    const d = options.encoder.dimension;
    const out = new Float32Array(list.length * d);
    for (let start = 0; start < list.length; start += options.embedBatchSize) {
      checkAbort();
      const batch = list.slice(start, start + options.embedBatchSize);
      const m = kind === 'queries' ? await options.encoder.embedQueries(batch) : await options.encoder.embedItems(batch);
      checkMatrix(options.encoder, m, batch.length);
      out.set(m.data.subarray(0, batch.length * d), start * d);
      done += batch.length;
      progress(0.05 + (0.95 * done) / total, `embedded ${done} of ${total} texts (${kind})`);
    }
    return out;
  };
  const queryVectors = await embedAll(queryTexts, 'queries');
  const itemVectors = await embedAll(
    itemIds.map((id) => texts.get(id) as string),
    'items',
  );
  checkAbort();

  const d = options.encoder.dimension;
  const queryData = new Float32Array(allExamples.length * d);
  allExamples.forEach((e, i) => {
    const row = queryTextRow.get(e.query) as number;
    queryData.set(queryVectors.subarray(row * d, (row + 1) * d), i * d);
  });
  const queries: VectorTable = { ids: allExamples.map((e) => e.exampleId), dimension: d, data: queryData };
  const items: VectorTable = { ids: itemIds, dimension: d, data: itemVectors };
  const toTraining = (e: RankingExample): TrainingExample => ({ queryId: e.exampleId, positives: e.positives.map((p) => p.id), negatives: e.negatives.map((n) => n.id) });

  const used = allExamples.length;
  const report: DefaultMethodReport = {
    sessions: {
      received: sessions.length,
      used,
      withClicks: trainExamples.length + split.test.examples.length,
      irrelevant: split.test.irrelevant.length,
      flaggedWithClicks: built.report.flaggedWithClicks,
      skipped: { ...skipped },
    },
    items: { source: options.loader.source, referenced: referenced.size, missing: referenced.size - texts.size, embedded: itemIds.length },
    queries: { examples: used, distinctTexts: queryTexts.length },
    train: { examples: trainExamples.length, rows: trainExamples.reduce((n, e) => n + e.positives.length, 0) },
    test: { examples: split.test.examples.length, irrelevant: split.test.irrelevant.length },
    split: {
      testSize: chosen.testSize,
      seed: chosen.seed,
      attempts: chosen.attempts,
      trimmedExamples: split.report.trimmedExamples,
      removedRefs: split.report.removedRefs,
    },
    dimension: d,
    encoder: { id: options.encoder.id, version: options.encoder.version },
    warnings: split.report.warnings,
  };
  progress(1, `training data ready: ${trainExamples.length} train and ${testExamples.length} test sessions, ${itemIds.length} items`);
  return { data: { train: trainExamples.map(toTraining), test: testExamples.map(toTraining), queries, items }, report };
}

const hasPair = (e: RankingExample): boolean => e.positives.length > 0 && e.negatives.length > 0;

/** Removes references to items without text; drops examples left with nothing to learn or measure. */
function keepKnown(list: readonly RankingExample[], texts: ReadonlyMap<string, string>, skipped: Record<SessionSkipReason, number>): RankingExample[] {
  const out: RankingExample[] = [];
  for (const e of list) {
    const positives = e.positives.filter((p) => texts.has(p.id));
    const negatives = e.negatives.filter((n) => texts.has(n.id));
    if (e.irrelevant ? negatives.length === 0 : positives.length === 0) {
      skipped['items-missing']++;
      continue;
    }
    out.push(positives.length === e.positives.length && negatives.length === e.negatives.length ? e : { ...e, positives, negatives });
  }
  return out;
}

function checkMatrix(encoder: EmbeddingModel, m: { count: number; dimension: number; data: Float32Array }, expected: number): void {
  if (m.count !== expected || m.dimension !== encoder.dimension || m.data.length < expected * encoder.dimension) {
    throw new DefaultMethodEncoderFailedError(
      encoder.id,
      `expected ${expected} rows of ${encoder.dimension} values, got ${m.count} rows of ${m.dimension} (${m.data.length} values)`,
    );
  }
  for (let i = 0; i < expected * encoder.dimension; i++) {
    if (!Number.isFinite(m.data[i])) throw new DefaultMethodEncoderFailedError(encoder.id, `non-finite value at row ${Math.floor(i / encoder.dimension)}`);
  }
}
