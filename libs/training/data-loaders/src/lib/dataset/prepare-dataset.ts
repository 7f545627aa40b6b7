import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import { buildRankingExamples, type BuildRankingExamplesOptions, type BuildReport } from '../examples/build-examples.js';
import { itemIdsOf, type RankingExample, type RankingExamples } from '../examples/ranking-example.js';
import type { Item, ItemLoader } from '../items/item.js';
import { loadItems, type LoadItemsOptions } from '../items/load-items.js';
import { splitItemDisjoint, type ItemDisjointSplitOptions, type SplitReport } from '../split/item-disjoint-split.js';

/** Everything a training run needs: item-disjoint examples and the items they refer to. */
export interface RankingDataset<TItem = Item> {
  train: RankingExamples;
  test: RankingExamples;
  /** Every item referred to by `train` or `test`. */
  items: Map<string, TItem>;
  report: DatasetReport;
}

export interface DatasetReport {
  build: BuildReport;
  split: SplitReport;
  /** Ids the loader did not return; their references were removed from the examples. */
  missingItems: string[];
  /** Examples dropped because missing items left them without positives (or results). */
  droppedForMissingItems: Array<{ exampleId: string; sessionId: string }>;
}

export interface PrepareRankingDatasetOptions<TItem = Item> {
  loader: ItemLoader<TItem>;
  /** Options of {@link buildRankingExamples}. */
  examples?: BuildRankingExamplesOptions;
  /** Options of {@link splitItemDisjoint}. */
  split?: ItemDisjointSplitOptions;
  /** Options of {@link loadItems} (`strict` makes a missing item an error). */
  load?: LoadItemsOptions;
}

/**
 * The whole data path from sessions to a training dataset, shared by the worker and the
 * benchmark: build examples, split them item-disjointly, load the items. Missing items are
 * reported and their references removed (or, with `load.strict`, raise
 * `DATA_LOADERS_ITEMS_NOT_FOUND`). Never throws on an empty or degenerate clickstream; look at
 * `report` (e.g. `report.split.warnings`) before training.
 */
export async function prepareRankingDataset<TItem = Item>(
  sessions: readonly SessionWithEvents[],
  options: PrepareRankingDatasetOptions<TItem>,
): Promise<RankingDataset<TItem>> {
  const built = buildRankingExamples(sessions, options.examples);
  const split = splitItemDisjoint(built, options.split);
  const ids = new Set<string>();
  for (const side of [split.train, split.test]) for (const e of [...side.examples, ...side.irrelevant]) for (const id of itemIdsOf(e)) ids.add(id);
  const { items, missing } = await loadItems(options.loader, ids, options.load);
  const dropped: DatasetReport['droppedForMissingItems'] = [];
  const prune = (side: RankingExamples): RankingExamples =>
    missing.length === 0 ? side : { examples: pruneList(side.examples, items, dropped), irrelevant: pruneList(side.irrelevant, items, dropped) };
  return {
    train: prune(split.train),
    test: prune(split.test),
    items,
    report: { build: built.report, split: split.report, missingItems: missing, droppedForMissingItems: dropped },
  };
}

function pruneList(list: readonly RankingExample[], items: ReadonlyMap<string, unknown>, dropped: Array<{ exampleId: string; sessionId: string }>): RankingExample[] {
  const out: RankingExample[] = [];
  for (const e of list) {
    const positives = e.positives.filter((p) => items.has(p.id));
    const negatives = e.negatives.filter((n) => items.has(n.id));
    if ((e.irrelevant && negatives.length === 0) || (!e.irrelevant && positives.length === 0)) {
      dropped.push({ exampleId: e.exampleId, sessionId: e.sessionId });
      continue;
    }
    out.push(positives.length === e.positives.length && negatives.length === e.negatives.length ? e : { ...e, positives, negatives });
  }
  return out;
}
