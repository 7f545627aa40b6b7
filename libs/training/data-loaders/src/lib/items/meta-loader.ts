import type { SessionWithEvents } from '@embedding-studio/clickstream-core';
import type { JsonObject } from '@embedding-studio/primitives';
import { checkStringList } from '../internal/check.js';
import { textFromFields, type FieldPath, type Item, type ItemLoader } from './item.js';

export interface MetaItemLoaderOptions {
  /**
   * Field(s) of a result's `meta` holding the text; several are joined with `separator`.
   * Dotted paths reach nested objects.
   * @defaultValue 'text'
   */
  fields?: FieldPath | readonly FieldPath[];
  /**
   * @defaultValue ' '
   */
  separator?: string;
  /**
   * Keep the result's `meta` as `item.data`.
   * @defaultValue false
   */
  keepMeta?: boolean;
}

/**
 * An item loader that reads item texts from the `meta` the client sent with each search result
 * (for catalogues whose clients send the shown text along). The first session that gives an
 * item a non-empty text wins; items whose meta has no text are missing.
 */
export function createMetaItemLoader(sessions: readonly SessionWithEvents[], options: MetaItemLoaderOptions = {}): ItemLoader<Item> {
  const fields = options.fields ?? 'text';
  checkStringList('fields', typeof fields === 'string' ? [fields] : fields);
  const separator = options.separator ?? ' ';
  const byId = new Map<string, Item>();
  for (const s of sessions) {
    for (const r of Array.isArray(s.search_results) ? s.search_results : []) {
      if (r === null || typeof r !== 'object' || typeof r.object_id !== 'string' || byId.has(r.object_id)) continue;
      const meta: JsonObject | null = r.meta ?? null;
      if (meta === null) continue;
      const text = textFromFields(meta, fields, separator);
      if (text.length === 0) continue;
      byId.set(r.object_id, options.keepMeta === true ? { id: r.object_id, text, data: meta } : { id: r.object_id, text });
    }
  }
  return {
    source: 'session result meta',
    load(ids) {
      const out = new Map<string, Item>();
      for (const id of ids) {
        const item = byId.get(id);
        if (item !== undefined) out.set(id, item);
      }
      return Promise.resolve(out);
    },
  };
}
