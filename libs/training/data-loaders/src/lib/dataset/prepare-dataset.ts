import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { buildRankingExamples, type BuildRankingExamplesOptions, type BuildReport } from '../examples/build-examples.js';
import { itemIdsOf, type RankingExample, type RankingExamples } from '../examples/ranking-example.js';
import type { Item, ItemLoader } from '../items/item.js';
import { loadItems, type LoadItemsOptions } from '../items/load-items.js';
import { splitItemDisjoint, type ItemDisjointSplit, type ItemDisjointSplitOptions, type SplitReport } from '../split/item-disjoint-split.js';

/** Everything a training run needs: item-disjoint examples and the items they refer to. */
export interface RankingDataset<TItem = Item> {
  train: RankingExamples;
  test: RankingExamples;
  /** Every item referred to by `train` or `test`. */
  items: Map<string, TItem>;
  report: DatasetReport;
}

/** Which split was kept, when {@link PrepareSplitOptions.growUntilUsable} tried several. */
export interface SplitChoice {
  readonly testSize: number;
  readonly seed: string;
  /** Splits tried, the kept one included. */
  readonly attempts: number;
  /**
   * The kept split has an example with clicks on the test side and one with a click and a
   * negative on the train side. `false` means no attempt was usable; the first one is returned.
   */
  readonly usable: boolean;
}

export interface DatasetReport {
  build: BuildReport;
  split: SplitReport;
  splitChoice: SplitChoice;
  /** Distinct items referenced by the built examples (before anything was removed). */
  referencedItems: number;
  /** Ids the loader did not return, or returned with a blank `text`; their references were removed before the split. */
  missingItems: string[];
  /** Examples dropped because missing items left them without positives (or results). */
  droppedForMissingItems: Array<{ exampleId: string; sessionId: string }>;
  /** What the split received: examples with clicks, how many of them have a negative, irrelevant examples. */
  available: { examples: number; withNegatives: number; irrelevant: number };
}

/** Options of the split step: {@link splitItemDisjoint}'s, plus retries for small batches. */
export interface PrepareSplitOptions extends ItemDisjointSplitOptions {
  /**
   * When the split leaves the test side without clicks or the train side without a (click,
   * negative) pair, try again with test sizes 0.3, 0.4 and 0.5 (those ≥ `testSize`) and derived
   * seeds (`<seed>:1`…`<seed>:3`), 4 attempts per size, and keep the first usable split.
   * Deterministic. `report.splitChoice` says which split was kept.
   * @defaultValue false
   */
  growUntilUsable?: boolean;
}

export interface PrepareRankingDatasetOptions<TItem = Item> {
  loader: ItemLoader<TItem>;
  /** Options of {@link buildRankingExamples}. */
  examples?: BuildRankingExamplesOptions;
  /** Options of {@link splitItemDisjoint}, plus `growUntilUsable`. */
  split?: PrepareSplitOptions;
  /** Options of {@link loadItems} (`strict` makes a missing item an error). */
  load?: LoadItemsOptions;
}

const GROWN_TEST_SIZES = [0.3, 0.4, 0.5] as const;
const SEEDS_PER_TEST_SIZE = 4;

/**
 * The one data path from sessions to a training dataset, shared by the default fine-tuning
 * method (the worker) and the benchmark:
 *
 * 1. build ranking examples ({@link buildRankingExamples});
 * 2. load the text of every referenced item **first**, and remove references to items the
 *    loader did not return (or returned with a blank `text`), so that a missing text can never
 *    break the split's guarantee afterwards;
 * 3. split item-disjointly ({@link splitItemDisjoint}), growing the test side on small batches
 *    when `split.growUntilUsable` is set.
 *
 * With `load.strict` a missing item raises `DATA_LOADERS_ITEMS_NOT_FOUND`. Otherwise it never
 * throws on an empty or degenerate clickstream; look at `report` (e.g. `report.split.warnings`,
 * `report.splitChoice.usable`) before training.
 */
export async function prepareRankingDataset<TItem = Item>(
  sessions: readonly SessionWithEvents[],
  options: PrepareRankingDatasetOptions<TItem>,
): Promise<RankingDataset<TItem>> {
  const built = buildRankingExamples(sessions, options.examples);
  const referenced = new Set<string>();
  for (const e of [...built.examples, ...built.irrelevant]) for (const id of itemIdsOf(e)) referenced.add(id);
  const loaded = await loadItems(options.loader, referenced, options.load);
  const items = new Map<string, TItem>();
  for (const [id, item] of loaded.items) if (!isBlank(item)) items.set(id, item);
  const missing = [...referenced].filter((id) => !items.has(id));

  const dropped: DatasetReport['droppedForMissingItems'] = [];
  const known: RankingExamples = { examples: keepKnown(built.examples, items, dropped), irrelevant: keepKnown(built.irrelevant, items, dropped) };
  const { split, choice } = chooseSplit(known, options.split ?? {});

  const used = new Set([split.train, split.test].flatMap((side) => [...side.examples, ...side.irrelevant].flatMap(itemIdsOf)));
  for (const id of [...items.keys()]) if (!used.has(id)) items.delete(id);
  return {
    train: split.train,
    test: split.test,
    items,
    report: {
      build: built.report,
      split: split.report,
      splitChoice: choice,
      referencedItems: referenced.size,
      missingItems: missing,
      droppedForMissingItems: dropped,
      available: { examples: known.examples.length, withNegatives: known.examples.filter(hasPair).length, irrelevant: known.irrelevant.length },
    },
  };
}

const hasPair = (e: RankingExample): boolean => e.positives.length > 0 && e.negatives.length > 0;

/** The test side has an example with clicks and the train side one with a (click, negative) pair. */
function usable(split: ItemDisjointSplit): boolean {
  return split.test.examples.length > 0 && split.train.examples.some(hasPair);
}

/**
 * {@link searchSplit}; with `queryDisjoint`, when no query-disjoint split is usable (e.g. a batch
 * of one query text), the same search without it, with a warning on the kept split.
 */
function chooseSplit(input: RankingExamples, options: PrepareSplitOptions): { split: ItemDisjointSplit; choice: SplitChoice } {
  const chosen = searchSplit(input, options);
  if (options.queryDisjoint !== true || chosen.choice.usable) return chosen;
  const fallback = searchSplit(input, { ...options, queryDisjoint: false });
  fallback.split.report.warnings.push('no usable split keeps test queries out of train; test queries may also be train queries');
  return { split: fallback.split, choice: { ...fallback.choice, attempts: chosen.choice.attempts + fallback.choice.attempts } };
}

function searchSplit(input: RankingExamples, options: PrepareSplitOptions): { split: ItemDisjointSplit; choice: SplitChoice } {
  const { growUntilUsable, ...base } = options;
  const seed = String(base.seed ?? 0);
  const first = splitItemDisjoint(input, base);
  const testSize = base.testSize ?? 0.2;
  if (growUntilUsable !== true || usable(first)) return { split: first, choice: { testSize, seed, attempts: 1, usable: usable(first) } };
  const sizes = [...new Set([testSize, ...GROWN_TEST_SIZES.filter((s) => s >= testSize)])];
  let attempts = 1;
  for (const size of sizes) {
    for (let k = 0; k < SEEDS_PER_TEST_SIZE; k++) {
      if (size === testSize && k === 0) continue; // the first attempt
      attempts++;
      const trySeed = k === 0 ? seed : `${seed}:${k}`;
      const split = splitItemDisjoint(input, { ...base, testSize: size, seed: trySeed });
      if (usable(split)) return { split, choice: { testSize: size, seed: trySeed, attempts, usable: true } };
    }
  }
  return { split: first, choice: { testSize, seed, attempts, usable: false } };
}

function isBlank(item: unknown): boolean {
  const text = item !== null && typeof item === 'object' ? (item as { text?: unknown }).text : undefined;
  return typeof text === 'string' && text.trim().length === 0;
}

/** Removes references to missing items; drops examples left with nothing to learn or measure. */
function keepKnown(list: readonly RankingExample[], items: ReadonlyMap<string, unknown>, dropped: Array<{ exampleId: string; sessionId: string }>): RankingExample[] {
  const out: RankingExample[] = [];
  for (const e of list) {
    const positives = e.positives.filter((p) => items.has(p.id));
    const negatives = e.negatives.filter((n) => items.has(n.id));
    if (e.irrelevant ? negatives.length === 0 : positives.length === 0) {
      dropped.push({ exampleId: e.exampleId, sessionId: e.sessionId });
      continue;
    }
    out.push(positives.length === e.positives.length && negatives.length === e.negatives.length ? e : { ...e, positives, negatives });
  }
  return out;
}
