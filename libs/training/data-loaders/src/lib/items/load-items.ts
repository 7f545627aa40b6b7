import { DataLoadersItemsNotFoundError } from '../../errors.js';
import { checkPositiveInteger } from '../internal/check.js';
import type { Item, ItemLoader } from './item.js';

export interface LoadItemsOptions {
  /**
   * Ids per `loader.load` call.
   * @defaultValue 1000
   */
  batchSize?: number;
  /**
   * Throw `DATA_LOADERS_ITEMS_NOT_FOUND` when any id is missing, instead of reporting it.
   * @defaultValue false
   */
  strict?: boolean;
  /** Called after each batch with the ids requested so far and the total. */
  onProgress?: (progress: { requested: number; total: number; found: number }) => void;
}

export interface LoadItemsResult<TItem> {
  items: Map<string, TItem>;
  /** Requested ids the loader did not return, in request order. */
  missing: string[];
}

/**
 * Loads items in batches through an {@link ItemLoader}: ids are de-duplicated, batches run one
 * after another, and ids the loader did not return are listed in `missing` (or, with
 * `strict`, raise `DATA_LOADERS_ITEMS_NOT_FOUND`). Items the loader returns but were not asked
 * for are ignored.
 */
export async function loadItems<TItem = Item>(loader: ItemLoader<TItem>, ids: Iterable<string>, options: LoadItemsOptions = {}): Promise<LoadItemsResult<TItem>> {
  const batchSize = checkPositiveInteger('batchSize', options.batchSize ?? 1000);
  const unique = [...new Set(ids)];
  const items = new Map<string, TItem>();
  for (let start = 0; start < unique.length; start += batchSize) {
    const batch = unique.slice(start, start + batchSize);
    const got = await loader.load(batch);
    for (const id of batch) {
      const item = got.get(id);
      if (item !== undefined) items.set(id, item);
    }
    options.onProgress?.({ requested: Math.min(unique.length, start + batchSize), total: unique.length, found: items.size });
  }
  const missing = unique.filter((id) => !items.has(id));
  if (missing.length > 0 && options.strict === true) throw new DataLoadersItemsNotFoundError(missing, loader.source);
  return { items, missing };
}
