// Public API of @embedding-studio/data-loaders: from click sessions to ranking datasets.

// Examples
export { buildRankingExamples } from './lib/examples/build-examples.js';
export type { BuildRankingExamplesOptions, BuildRankingExamplesResult, BuildReport, IpsOptions, SessionSkipReason } from './lib/examples/build-examples.js';
export { itemIdsOf } from './lib/examples/ranking-example.js';
export type { IrrelevanceReason, NegativeRef, PositiveRef, RankingExample, RankingExamples, ShownItemRef } from './lib/examples/ranking-example.js';

// Split
export { splitItemDisjoint } from './lib/split/item-disjoint-split.js';
export type { ItemDisjointSplit, ItemDisjointSplitOptions, SplitDropReason, SplitReport } from './lib/split/item-disjoint-split.js';

// Items
export { textFromFields } from './lib/items/item.js';
export type { FieldPath, Item, ItemLoader } from './lib/items/item.js';
export { loadItems } from './lib/items/load-items.js';
export type { LoadItemsOptions, LoadItemsResult } from './lib/items/load-items.js';
export { createMemoryItemLoader } from './lib/items/memory-loader.js';
export { createJsonlItemLoader } from './lib/items/jsonl-loader.js';
export type { JsonlItemLoaderOptions } from './lib/items/jsonl-loader.js';
export { createMetaItemLoader } from './lib/items/meta-loader.js';
export type { MetaItemLoaderOptions } from './lib/items/meta-loader.js';

// Dataset
export { prepareRankingDataset } from './lib/dataset/prepare-dataset.js';
export type { DatasetReport, PrepareRankingDatasetOptions, PrepareSplitOptions, RankingDataset, SplitChoice } from './lib/dataset/prepare-dataset.js';

// Errors
export {
  DataLoadersInvalidItemFileError,
  DataLoadersInvalidOptionError,
  DataLoadersItemFileNotFoundError,
  DataLoadersItemsNotFoundError,
} from './errors.js';
