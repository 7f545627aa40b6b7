import type { Item, ItemLoader } from './item.js';

/** An item loader over items already in memory (tests, small corpora, precomputed texts). */
export function createMemoryItemLoader<TItem extends { id: string } = Item>(
  items: Iterable<TItem> | ReadonlyMap<string, TItem>,
  options: { source?: string } = {},
): ItemLoader<TItem> {
  const byId = new Map<string, TItem>();
  if (items instanceof Map) for (const [id, item] of items as ReadonlyMap<string, TItem>) byId.set(id, item);
  else for (const item of items as Iterable<TItem>) byId.set(item.id, item);
  return {
    source: options.source ?? 'memory',
    load(ids) {
      const out = new Map<string, TItem>();
      for (const id of ids) {
        const item = byId.get(id);
        if (item !== undefined) out.set(id, item);
      }
      return Promise.resolve(out);
    },
  };
}
