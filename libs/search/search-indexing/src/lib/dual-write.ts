import type { IndexDoc, VectorIndex } from '@embedding-studio/vector-index';
import type { BuildRecord, BuildRegistry, ReindexCatalog, ReindexEncoders } from './reindex-ports.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';

export interface DualWriteOptions {
  builds: BuildRegistry;
  catalog: Pick<ReindexCatalog, 'textOf'>;
  encoders: Pick<ReindexEncoders, 'embedItems'>;
  /** How long the list of builds is reused before it is read again (ms). @defaultValue 1000 */
  cacheMs?: number;
  /** Wall clock (epoch ms). @defaultValue systemClock */
  clock?: Clock;
}

/**
 * Wraps a VectorIndex so that writes to a collection version being rebuilt also reach the new
 * version: an upsert into a build's source is re-embedded with the build's encoder and upserted
 * into its target; a delete is repeated there. Reads pass through. Builds are re-read at most
 * every `cacheMs`, so a reindex waits longer than that after recording a build before it copies.
 */
export function createDualWriteIndex(index: VectorIndex, options: DualWriteOptions): VectorIndex {
  const cacheMs = options.cacheMs ?? 1000;
  const clock = options.clock ?? systemClock;
  let cached: { at: number; bySource: Map<string, BuildRecord> } | undefined;
  let loading: Promise<Map<string, BuildRecord>> | undefined;
  const buildFor = async (target: string): Promise<BuildRecord | undefined> => {
    if (!cached || clock.now() - cached.at >= cacheMs) {
      loading ??= options.builds
        .list()
        .then((list) => {
          cached = { at: clock.now(), bySource: new Map(list.map((b) => [b.source, b])) };
          return cached.bySource;
        })
        .finally(() => {
          loading = undefined;
        });
      await loading;
    }
    // Item writers write to physical names (a profile's target), which is what builds are keyed by.
    return cached?.bySource.get(target);
  };
  const mirror = async (build: BuildRecord, docs: readonly IndexDoc[]): Promise<IndexDoc[]> => {
    const textOf = await options.catalog.textOf(build.collection);
    const m = await options.encoders.embedItems(build.encoder, docs.map((d) => textOf(d.payload)));
    return docs.map((d, i) => ({ id: d.id, vectors: { [build.slot]: m.data.slice(i * m.dimension, (i + 1) * m.dimension) }, payload: d.payload }));
  };
  const optimize = index.optimize?.bind(index);
  const addVectorSlot = index.addVectorSlot?.bind(index);
  return {
    engine: index.engine,
    ...(optimize ? { optimize } : {}),
    ...(addVectorSlot ? { addVectorSlot } : {}),
    capabilities: () => index.capabilities(),
    ensureCollection: (spec) => index.ensureCollection(spec),
    listCollections: () => index.listCollections(),
    describeCollection: (name) => index.describeCollection(name),
    dropCollection: (name) => index.dropCollection(name),
    get: (collection, ids, o) => index.get(collection, ids, o),
    count: (collection, filter) => index.count(collection, filter),
    scan: (collection, o) => index.scan(collection, o),
    search: (request) => index.search(request),
    aliases: index.aliases,
    close: () => index.close(),
    async upsert(collection, docs) {
      await index.upsert(collection, docs);
      const build = await buildFor(collection);
      if (build && docs.length > 0) await index.upsert(build.target, await mirror(build, docs));
    },
    async delete(collection, selector) {
      const n = await index.delete(collection, selector);
      const build = await buildFor(collection);
      if (build) await index.delete(build.target, selector);
      return n;
    },
  };
}
