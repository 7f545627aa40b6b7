import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { prepareRankingDataset, type Item, type ItemLoader, type SessionSkipReason as ExampleSkipReason } from '@embedding-studio/data-loaders';
import { FineTuningCancelledError, toTrainingData, type DatasetEncoder, type TrainingData } from '@embedding-studio/fine-tuning-builder';
import { DefaultMethodNotEnoughSessionsError, DefaultMethodSplitImpossibleError } from '../../errors.js';

/** Sessions needed with a usable click: one to train on and one to measure on. */
export const MIN_SESSIONS_WITH_CLICKS = 2;

/**
 * Why a received session is not in the training data: the example builder's reasons (less
 * `no-negatives`, which cannot occur here) and the steps of this method.
 */
export type SessionSkipReason = Exclude<ExampleSkipReason, 'no-negatives'> | 'items-missing' | 'split-trimmed' | 'irrelevant-on-train-side';

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
  encoder: DatasetEncoder<Item>;
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

/**
 * The default method's data step, composed of the shared path: data-loaders'
 * `prepareRankingDataset` (examples, item texts first, a split disjoint in items and, where the
 * batch allows it, in query texts, grown until both sides have clicks) and fine-tuning-builder's `toTrainingData` (query and item vectors from
 * the encoder, in batches). This function only adds the method's policy: the batch must have
 * {@link MIN_SESSIONS_WITH_CLICKS} usable sessions with clicks and a usable split, and the
 * report shown on the task. Deterministic for a seed and an encoder.
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

  checkAbort();
  progress(0, `building ranking examples from ${sessions.length} sessions and loading item texts from ${options.loader.source}`);
  const dataset = await prepareRankingDataset(sessions, {
    loader: options.loader,
    examples: { clickEventTypes: options.clickEventTypes, negativeRatio: options.negativeRatio, seed: options.seed, honourIrrelevantFlag: true },
    split: { testSize: options.testSize, seed: String(options.seed), growUntilUsable: true, queryDisjoint: true },
  });
  checkAbort();
  const r = dataset.report;
  const skipped: Record<SessionSkipReason, number> = {
    'no-results': 0,
    'empty-query': 0,
    'duplicate-session-id': 0,
    'items-missing': r.droppedForMissingItems.length,
    'split-trimmed': 0,
    'irrelevant-on-train-side': 0,
  };
  // 'no-negatives' cannot occur: examples whose every result was clicked are kept (dropWithoutNegatives is off).
  for (const s of r.build.skipped) if (s.reason !== 'no-negatives') skipped[s.reason]++;

  const counts = { sessions: sessions.length, usable: r.available.examples, needed: MIN_SESSIONS_WITH_CLICKS, skipped: { ...skipped, 'irrelevant (no clicks)': r.available.irrelevant } };
  const hint = r.missingItems.length > 0 ? options.missingItemsHint : 'Collect more search sessions with clicks, then retry.';
  if (r.available.examples < MIN_SESSIONS_WITH_CLICKS) throw new DefaultMethodNotEnoughSessionsError('too-few-sessions-with-clicks', counts, hint);
  if (r.available.withNegatives === 0) {
    throw new DefaultMethodNotEnoughSessionsError('no-negatives', counts, 'Sessions must show results that were not clicked; collect more sessions, then retry.');
  }
  if (!r.splitChoice.usable) throw new DefaultMethodSplitImpossibleError(r.available.examples, r.referencedItems - r.missingItems.length, r.splitChoice.attempts);
  skipped['split-trimmed'] = r.split.dropped.length;
  skipped['irrelevant-on-train-side'] = dataset.train.irrelevant.length;

  progress(0.05, `embedding the queries and items of ${dataset.train.examples.length} train and ${dataset.test.examples.length + dataset.test.irrelevant.length} test sessions`);
  const { data, report: mapped } = await toTrainingData(dataset, {
    encoder: options.encoder,
    batchSize: options.embedBatchSize,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (fraction, message) => progress(0.05 + 0.95 * fraction, message),
  });

  const used = dataset.train.examples.length + dataset.test.examples.length + dataset.test.irrelevant.length;
  const report: DefaultMethodReport = {
    sessions: {
      received: sessions.length,
      used,
      withClicks: dataset.train.examples.length + dataset.test.examples.length,
      irrelevant: dataset.test.irrelevant.length,
      flaggedWithClicks: r.build.flaggedWithClicks,
      skipped,
    },
    items: { source: options.loader.source, referenced: r.referencedItems, missing: r.missingItems.length, embedded: mapped.items },
    queries: { examples: used, distinctTexts: mapped.queries },
    train: { examples: dataset.train.examples.length, rows: mapped.trainRows },
    test: { examples: dataset.test.examples.length, irrelevant: dataset.test.irrelevant.length },
    split: {
      testSize: r.splitChoice.testSize,
      seed: r.splitChoice.seed,
      attempts: r.splitChoice.attempts,
      trimmedExamples: r.split.trimmedExamples,
      removedRefs: r.split.removedRefs,
    },
    dimension: options.encoder.dimension,
    encoder: { id: options.encoder.id, version: options.encoder.version },
    warnings: r.split.warnings,
  };
  progress(1, `training data ready: ${report.train.examples} train and ${used - report.train.examples} test sessions, ${mapped.items} items`);
  return { data, report };
}
