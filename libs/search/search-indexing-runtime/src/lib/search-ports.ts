// The search layer (search-core) seen through the ports of search-indexing.
import type { ClickstreamStore } from '@embedding-studio/clickstream-core';
import { ValidationError } from '@embedding-studio/errors';
import { epochSeconds, systemClock, type Clock } from '@embedding-studio/primitives';
import {
  DEFAULT_SEARCH_LIMITS,
  SearchCollectionNotFoundError,
  itemText,
  parseItems,
  physicalCollectionSpec,
  type EncoderProvider,
  type QueryAdapterLoader,
  type SearchCatalogStore,
  type SearchProfile,
} from '@embedding-studio/search-core';
import type { ClickedQueries, EmbeddedBatch, ImportTarget, LiveProfile, ReindexCatalog, ReindexEncoders } from '@embedding-studio/search-indexing';
import type { IndexDoc, VectorIndex } from '@embedding-studio/vector-index';

const toLive = (p: SearchProfile): LiveProfile => ({ version: p.version, encoder: p.encoder, target: p.target, slot: p.slot, ...(p.adapter ? { adapter: p.adapter } : {}) });

async function activeOf(catalog: SearchCatalogStore, name: string): Promise<SearchProfile> {
  const profile = await catalog.activeProfile(name);
  if (!profile) throw new SearchCollectionNotFoundError(name);
  return profile;
}

/** The search catalog as a reindex uses it: profiles, item text, physical specs, the switch. */
export function createSearchReindexCatalog(catalog: SearchCatalogStore, clock: Clock = systemClock): ReindexCatalog {
  const collection = async (name: string) => {
    const c = await catalog.getCollection(name);
    if (!c) throw new SearchCollectionNotFoundError(name);
    return c;
  };
  return {
    active: async (name) => toLive(await activeOf(catalog, name)),
    async textOf(name) {
      const fields = (await collection(name)).fields_to_embed;
      return (payload) => itemText(payload, fields);
    },
    physicalSpec: async (name, n, dims) => physicalCollectionSpec(await collection(name), n, dims),
    async switchTo(name, next) {
      const active = await activeOf(catalog, name);
      if (active.version !== next.expectVersion) return null;
      const version = active.version + 1;
      const stored = await catalog.insertProfile({
        collection: name,
        version,
        encoder: next.encoder,
        target: next.target,
        slot: next.slot,
        created_at: epochSeconds(clock),
        deployment: { kind: 'reindex', model_id: next.encoder, previous_version: active.version, requested_by: `reindex:${next.jobId}`, gate: next.gate },
      });
      return stored ? { version } : null;
    },
  };
}

/** Encoders by name for items, and queries as a profile serves them (encoder, then its adapter). */
export function createSearchReindexEncoders(encoders: EncoderProvider, adapters: QueryAdapterLoader): ReindexEncoders {
  return {
    names: () => encoders.names(),
    dimension: async (name) => (await encoders.open(name)).dimension,
    embedItems: async (name, texts) => (await encoders.open(name)).embedItems(texts),
    async embedQueries(profile, texts) {
      const m = await (await encoders.open(profile.encoder)).embedQueries(texts);
      if (!profile.adapter) return m;
      const adapter = await adapters.load(profile.adapter);
      const data = new Float32Array(m.count * adapter.outputDimension);
      for (let i = 0; i < m.count; i++) data.set(adapter.apply(m.data.slice(i * m.dimension, (i + 1) * m.dimension)), i * adapter.outputDimension);
      return { count: m.count, dimension: adapter.outputDimension, data };
    },
  };
}

export interface SearchImportTargetsOptions {
  catalog: SearchCatalogStore;
  /** The index items are written through (wrapped by `createDualWriteIndex`, so builds get them too). */
  index: VectorIndex;
  encoders: EncoderProvider;
}

/**
 * Opens the import target of a collection: items are checked with the search layer's own item
 * rules (`parseItems`: fields to embed, filterable field types), embedded with the encoder of
 * the profile active at that batch, and upserted into that profile's physical collection.
 */
export function createSearchImportTargets(options: SearchImportTargetsOptions): (collection: string) => Promise<ImportTarget> {
  const { catalog, index, encoders } = options;
  return async (name) => {
    const collection = await catalog.getCollection(name);
    if (!collection) throw new SearchCollectionNotFoundError(name);
    // Which profile embedded each batch, so its upsert goes to the matching physical collection.
    const embeddedBy = new WeakMap<EmbeddedBatch, SearchProfile>();
    const limits = { ...DEFAULT_SEARCH_LIMITS, maxItemsPerRequest: 1 };
    return {
      encoder: {
        async embedItems(texts) {
          const profile = await activeOf(catalog, name);
          const m = await (await encoders.open(profile.encoder)).embedItems(texts);
          embeddedBy.set(m, profile);
          return m;
        },
      },
      textOf(item) {
        try {
          parseItems([{ id: item.id, ...item.fields }], collection, limits);
        } catch (error) {
          if (error instanceof ValidationError) {
            throw new ValidationError(
              error.code,
              error.issues.map((i) => ({ field: i.field.replace(/^items\[0\]\.?/, '') || '(item)', message: i.message })),
            );
          }
          throw error;
        }
        return itemText(item.fields, collection.fields_to_embed);
      },
      async upsert(items, vectors) {
        const profile = embeddedBy.get(vectors) ?? (await activeOf(catalog, name));
        const docs: IndexDoc[] = items.map((it, i) => ({
          id: it.id,
          vectors: { [profile.slot]: vectors.data.slice(i * vectors.dimension, (i + 1) * vectors.dimension) },
          payload: it.fields,
        }));
        await index.upsert(profile.target, docs);
      },
    };
  };
}

/**
 * Held-out clicks for the reindex gate: searches of the collection in the collecting batch (not
 * yet released for training) that have clicks, newest last.
 */
export function createClickstreamClickedQueries(store: ClickstreamStore, eventsLimit = 100): ClickedQueries {
  return {
    async sample(collection, n) {
      const batch = await store.getBatch(null);
      if (!batch) return [];
      const out: Array<{ query: string; clicked: string[] }> = [];
      let after = 0;
      for (;;) {
        const page = await store.readBatchSessions(batch.batch_id, { afterNumber: after, limit: 500, eventsLimit });
        for (const s of page) {
          if (s.search_meta?.['collection'] !== collection || s.is_irrelevant) continue;
          const clicked = [...new Set(s.events.filter((e) => e.event_type === 'click').map((e) => e.object_id))];
          if (clicked.length > 0) out.push({ query: s.search_query, clicked });
        }
        const last = page.at(-1);
        if (!last || page.length < 500) break;
        after = last.session_number;
      }
      return out.slice(-n);
    },
  };
}
