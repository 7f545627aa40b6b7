// The exact in-memory index: brute-force search with the reference filter semantics. For tests,
// for small collections, and as the ground truth ANN engines are measured against.
import { VectorIndexCollectionNotFoundError, VectorIndexInvalidInputError, VectorIndexSpecMismatchError } from '../../errors.js';
import { aliasesFromRegistry, assertNotAliased, mapAliasRegistry } from '../aliases/alias-registry.js';
import { assertValidDocs, assertValidFilter, assertValidName, assertValidSearch, assertValidSpec, matchesFilter, similarity } from '../rules.js';
import type { CollectionSpec, Filter, IndexDoc, ScanOptions, VectorHit, VectorIndex, VectorSearchRequest } from '../vector-index.js';

interface StoredCollection {
  spec: CollectionSpec;
  docs: Map<string, IndexDoc>;
}

export function specsEqual(a: CollectionSpec, b: CollectionSpec): string | undefined {
  const slots = (s: CollectionSpec): string =>
    JSON.stringify(Object.entries(s.vectors).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => [k, v.dims, v.metric]));
  const fields = (s: CollectionSpec): string => JSON.stringify(Object.entries(s.payload).sort(([x], [y]) => x.localeCompare(y)));
  if (slots(a) !== slots(b)) return `vector slots ${slots(a)} vs ${slots(b)}`;
  if (fields(a) !== fields(b)) return `payload fields ${fields(a)} vs ${fields(b)}`;
  return undefined;
}

export function createMemoryVectorIndex(): VectorIndex {
  const collections = new Map<string, StoredCollection>();
  const aliases = new Map<string, string>();
  const registry = mapAliasRegistry(aliases);

  const resolve = (target: string): StoredCollection => {
    const found = collections.get(aliases.get(target) ?? target);
    if (!found) throw new VectorIndexCollectionNotFoundError(target);
    return found;
  };
  const copy = (doc: IndexDoc, withVectors: boolean): IndexDoc => ({
    id: doc.id,
    vectors: withVectors ? Object.fromEntries(Object.entries(doc.vectors).map(([k, v]) => [k, Float32Array.from(v!)])) : {},
    payload: structuredClone(doc.payload),
  });

  return {
    engine: 'memory',
    capabilities: () => ({ nativeAliases: true, addVectorSlot: true, hybrid: false }),

    async ensureCollection(spec) {
      assertValidSpec(spec);
      const existing = collections.get(spec.name);
      if (existing) {
        const problem = specsEqual(existing.spec, spec);
        if (problem) throw new VectorIndexSpecMismatchError(spec.name, problem);
        return;
      }
      if (aliases.has(spec.name)) throw new VectorIndexInvalidInputError('collection name', `${spec.name} is already an alias`);
      collections.set(spec.name, { spec: structuredClone(spec), docs: new Map() });
    },
    async listCollections() {
      return [...collections.keys()].sort();
    },
    async describeCollection(name) {
      const c = collections.get(name);
      return c ? structuredClone(c.spec) : undefined;
    },
    async dropCollection(name) {
      await assertNotAliased(registry, name);
      collections.delete(name);
    },
    async addVectorSlot(collection, slot, def) {
      const c = resolve(collection);
      assertValidName('vector slot', slot);
      const next = { ...c.spec, vectors: { ...c.spec.vectors, [slot]: def } };
      assertValidSpec(next);
      const existing = c.spec.vectors[slot];
      if (existing) {
        if (existing.dims !== def.dims || existing.metric !== def.metric) throw new VectorIndexSpecMismatchError(c.spec.name, `slot ${slot} exists with another spec`);
        return;
      }
      c.spec = next;
    },

    async upsert(collection, docs) {
      const c = resolve(collection);
      assertValidDocs(c.spec, docs);
      const slots = Object.keys(c.spec.vectors);
      const next = docs.map((doc) => {
        const old = c.docs.get(doc.id);
        const vectors = { ...(old?.vectors ?? {}), ...doc.vectors };
        const missing = slots.filter((s) => !vectors[s]);
        if (missing.length > 0 && !old) {
          throw new VectorIndexInvalidInputError(`docs.${doc.id}.vectors`, `a new document needs every slot; missing ${missing.join(', ')}`);
        }
        return copy({ id: doc.id, vectors, payload: doc.payload }, true);
      });
      for (const doc of next) c.docs.set(doc.id, doc);
    },
    async delete(collection, selector) {
      const c = resolve(collection);
      let n = 0;
      if ('ids' in selector) {
        for (const id of selector.ids) if (c.docs.delete(id)) n++;
      } else {
        assertValidFilter(c.spec, selector.filter);
        for (const doc of [...c.docs.values()]) if (matchesFilter(doc, selector.filter) && c.docs.delete(doc.id)) n++;
      }
      return n;
    },
    async get(collection, ids, options) {
      const c = resolve(collection);
      return ids.flatMap((id) => {
        const doc = c.docs.get(id);
        return doc ? [copy(doc, options?.withVectors ?? true)] : [];
      });
    },
    async count(collection, filter?: Filter) {
      const c = resolve(collection);
      if (!filter) return c.docs.size;
      assertValidFilter(c.spec, filter);
      let n = 0;
      for (const doc of c.docs.values()) if (matchesFilter(doc, filter)) n++;
      return n;
    },
    async *scan(collection, options: ScanOptions = {}) {
      const c = resolve(collection);
      if (options.filter) assertValidFilter(c.spec, options.filter);
      const size = options.batchSize ?? 500;
      const ids = [...c.docs.keys()].sort();
      let page: IndexDoc[] = [];
      for (const id of ids) {
        const doc = c.docs.get(id);
        if (!doc || (options.filter && !matchesFilter(doc, options.filter))) continue;
        page.push(copy(doc, options.withVectors ?? true));
        if (page.length >= size) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },

    async search(request: VectorSearchRequest): Promise<VectorHit[]> {
      const c = resolve(request.target);
      assertValidSearch(c.spec, request);
      const metric = c.spec.vectors[request.slot]!.metric;
      const hits: VectorHit[] = [];
      for (const doc of c.docs.values()) {
        if (request.filter && !matchesFilter(doc, request.filter)) continue;
        const v = doc.vectors[request.slot];
        if (!v) continue;
        hits.push({ id: doc.id, score: similarity(metric, request.vector, v) });
      }
      hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      const offset = request.offset ?? 0;
      return hits.slice(offset, offset + request.k).map((h) =>
        request.withPayload === false ? h : { ...h, payload: structuredClone(c.docs.get(h.id)!.payload) },
      );
    },

    aliases: aliasesFromRegistry(registry, { exists: async (name) => collections.has(name) }),

    async close() {
      collections.clear();
      aliases.clear();
    },
  };
}
