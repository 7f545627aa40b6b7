// The Weaviate adapter: one Weaviate collection (class) per port collection, a named vector per
// slot, a property per declared payload field, and the payload as JSON. Aliases are Weaviate's own.
import weaviate, { configure, dataType, generateUuid5, tokenization, type Collection, type WeaviateClient } from 'weaviate-client';
import { isAppError } from '@embedding-studio/errors';
import {
  VectorIndexAliasConflictError,
  VectorIndexCollectionNotFoundError,
  VectorIndexInvalidInputError,
  VectorIndexSpecMismatchError,
  VectorIndexUnavailableError,
  assertValidDocs,
  createKeyedLock,
  assertValidFilter,
  assertValidName,
  assertValidSearch,
  assertValidSpec,
  matchesFilter,
  specsEqual,
  type AliasSwitch,
  type CollectionSpec,
  type IndexDoc,
  type VectorHit,
  type VectorIndex,
  type VectorSlotSpec,
} from '@embedding-studio/vector-index';
import { toWeaviateFilter } from './filters.js';
import { DOC_ID, PAYLOAD, fromClassName, propertyOf, toClassName } from './names.js';

export interface WeaviateVectorIndexOptions {
  /** REST host. @defaultValue `127.0.0.1` */
  host?: string;
  /** REST port. */
  port: number;
  /** gRPC port (the client queries over gRPC). */
  grpcPort: number;
  /** HNSW graph degree. @defaultValue `16` */
  hnswM?: number;
  /** HNSW construction candidate list size. @defaultValue `128` */
  hnswEfConstruction?: number;
  /** HNSW search candidate list size (`-1`: Weaviate's dynamic ef). @defaultValue `-1` */
  hnswEf?: number;
  /** Objects per batch request. @defaultValue `200` */
  batchSize?: number;
}

/** Marks a class's description as holding this adapter's spec. */
const SPEC_MARK = 'embedding-studio vector-index spec: ';
const ID_NAMESPACE = '7f1c7c52-64c1-4a4e-9a57-4e9d4b0b7a31';
const MAX_CAS_RETRIES = 3;

/** Weaviate object ids are UUIDs: a document id maps to a name-based (v5) UUID. */
const uuidOf = (id: string): string => generateUuid5(id, ID_NAMESPACE);

type AnyCollection = Collection;

/** Creates the adapter and checks the server answers. */
export async function createWeaviateVectorIndex(options: WeaviateVectorIndexOptions): Promise<VectorIndex> {
  const client: WeaviateClient = await weaviate
    .connectToLocal({ host: options.host ?? '127.0.0.1', port: options.port, grpcPort: options.grpcPort })
    .catch((error: unknown) => {
      throw new VectorIndexUnavailableError('weaviate', 'connect', error);
    });
  const batchSize = options.batchSize ?? 200;
  const specs = new Map<string, CollectionSpec>();
  const lock = createKeyedLock();

  const guard = <T>(operation: string, work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      throw isAppError(error) ? error : new VectorIndexUnavailableError('weaviate', operation, error);
    });

  const use = (name: string): AnyCollection => client.collections.use(toClassName(name)) as unknown as AnyCollection;

  const readSpec = async (name: string): Promise<CollectionSpec | undefined> => {
    const cached = specs.get(name);
    if (cached) return cached;
    if (!(await client.collections.exists(toClassName(name)))) return undefined;
    const config = await use(name).config.get();
    const description = config.description ?? '';
    if (!description.startsWith(SPEC_MARK)) return undefined;
    const spec = JSON.parse(description.slice(SPEC_MARK.length)) as CollectionSpec;
    specs.set(name, spec);
    return spec;
  };

  const aliasTarget = async (alias: string): Promise<string | undefined> => {
    const all = (await client.alias.listAll()) ?? [];
    const found = all.find((a) => a.alias === toClassName(alias, 'alias'));
    return found ? fromClassName(found.collection) : undefined;
  };

  /** A collection by physical name or alias: its name, spec and handle. */
  const resolve = async (target: string): Promise<{ name: string; spec: CollectionSpec; collection: AnyCollection }> => {
    assertValidName('target', target);
    let spec = specs.get(target) ?? (await readSpec(target));
    let name = target;
    if (!spec) {
      const physical = await aliasTarget(target);
      spec = physical ? await readSpec(physical) : undefined;
      if (!spec || !physical) throw new VectorIndexCollectionNotFoundError(target);
      name = physical;
    }
    return { name, spec, collection: use(name) };
  };

  const vectorConfig = (slot: string, def: VectorSlotSpec) =>
    configure.vectors.selfProvided({
      name: slot,
      vectorIndexConfig: configure.vectorIndex.hnsw({
        distanceMetric: def.metric,
        maxConnections: options.hnswM ?? 16,
        efConstruction: options.hnswEfConstruction ?? 128,
        ef: options.hnswEf ?? -1,
      }),
    });

  const writeSpec = async (spec: CollectionSpec): Promise<void> => {
    await use(spec.name).config.update({ description: SPEC_MARK + JSON.stringify(spec) });
    specs.set(spec.name, spec);
  };

  const toDoc = (obj: { properties: Record<string, unknown>; vectors?: Record<string, unknown> }, withVectors: boolean): IndexDoc => {
    const vectors: IndexDoc['vectors'] = {};
    if (withVectors) for (const [slot, v] of Object.entries(obj.vectors ?? {})) if (Array.isArray(v)) vectors[slot] = Float32Array.from(v as number[]);
    return { id: String(obj.properties[DOC_ID]), vectors, payload: JSON.parse(String(obj.properties[PAYLOAD] ?? '{}')) as Record<string, unknown> };
  };

  const fetchByIds = async (collection: AnyCollection, ids: readonly string[], withVectors: boolean): Promise<Map<string, IndexDoc>> => {
    const found = new Map<string, IndexDoc>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const res = await collection.query.fetchObjects({
        filters: collection.filter.byProperty(DOC_ID).containsAny(chunk),
        limit: chunk.length,
        includeVector: withVectors,
        returnProperties: [DOC_ID, PAYLOAD],
      });
      for (const obj of res.objects) {
        const doc = toDoc(obj as never, withVectors);
        found.set(doc.id, doc);
      }
    }
    return found;
  };

  const switchAlias = async ({ alias, to, expect }: AliasSwitch): Promise<void> => {
    assertValidName('alias', alias);
    if (!(await readSpec(to))) throw new VectorIndexCollectionNotFoundError(to);
    if (await client.collections.exists(toClassName(alias))) throw new VectorIndexInvalidInputError('alias', `${alias} is a collection name`);
    // Weaviate has no server-side compare-and-set: check, then write, under a per-alias lock
    // (closing the race within this process), then read back to catch a writer in another process.
    await lock(`alias:${alias}`, async () => {
      const current = await aliasTarget(alias);
      if (expect !== undefined && (current ?? null) !== expect) throw new VectorIndexAliasConflictError(alias, expect, current);
      if (current === undefined) await client.alias.create({ alias: toClassName(alias, 'alias'), collection: toClassName(to) });
      else if (current !== to) await client.alias.update({ alias: toClassName(alias, 'alias'), newTargetCollection: toClassName(to) });
      const after = await aliasTarget(alias);
      if (after !== to) throw new VectorIndexAliasConflictError(alias, to, after);
    });
  };

  return {
    engine: 'weaviate',
    capabilities: () => ({ nativeAliases: true, addVectorSlot: true, hybrid: true }),

    ensureCollection: (spec) =>
      guard('ensureCollection', () =>
        lock(`collection:${spec.name}`, async () => {
          assertValidSpec(spec);
          const existing = await readSpec(spec.name);
          if (existing) {
            const problem = specsEqual(existing, spec);
            if (problem) throw new VectorIndexSpecMismatchError(spec.name, problem);
            return;
          }
          if (await client.collections.exists(toClassName(spec.name))) throw new VectorIndexSpecMismatchError(spec.name, 'a Weaviate collection of that name exists and was not created by this adapter');
          if (await aliasTarget(spec.name)) throw new VectorIndexInvalidInputError('collection name', `${spec.name} is already an alias`);
          const properties = [
            { name: DOC_ID, dataType: dataType.TEXT, tokenization: tokenization.FIELD, indexFilterable: true, indexSearchable: false },
            { name: PAYLOAD, dataType: dataType.TEXT, indexFilterable: false, indexSearchable: false },
            ...Object.entries(spec.payload).map(([field, type]) => {
              const name = propertyOf(field);
              if (type === 'int') return { name, dataType: dataType.INT };
              if (type === 'float') return { name, dataType: dataType.NUMBER };
              if (type === 'bool') return { name, dataType: dataType.BOOLEAN };
              if (type === 'text') return { name, dataType: dataType.TEXT, tokenization: tokenization.WORD, indexSearchable: true };
              return { name, dataType: dataType.TEXT, tokenization: tokenization.FIELD, indexSearchable: false };
            }),
          ];
          await client.collections.create({
            name: toClassName(spec.name),
            description: SPEC_MARK + JSON.stringify(spec),
            properties,
            vectorizers: Object.entries(spec.vectors).map(([slot, def]) => vectorConfig(slot, def)),
          } as never);
          specs.set(spec.name, structuredClone(spec));
        }),
      ),

    listCollections: () =>
      guard('listCollections', async () => {
        const all = await client.collections.listAll();
        const names = all.flatMap((c) => {
          const name = fromClassName(c.name);
          return name && (c.description ?? '').startsWith(SPEC_MARK) ? [name] : [];
        });
        return names.sort();
      }),

    describeCollection: (name) => guard('describeCollection', async () => structuredClone(await readSpec(name))),

    dropCollection: (name) =>
      guard('dropCollection', async () => {
        assertValidName('collection name', name);
        const pointing = ((await client.alias.listAll()) ?? []).find((a) => a.collection === toClassName(name));
        if (pointing) throw new VectorIndexAliasConflictError(fromClassName(pointing.alias) ?? pointing.alias, null, name);
        specs.delete(name);
        if (await client.collections.exists(toClassName(name))) await client.collections.delete(toClassName(name));
      }),

    addVectorSlot: (collection, slot, def) =>
      guard('addVectorSlot', () =>
        lock(`collection:${collection}`, async () => {
          const c = await resolve(collection);
          const next: CollectionSpec = { ...c.spec, vectors: { ...c.spec.vectors, [slot]: def } };
          assertValidSpec(next);
          const existing = c.spec.vectors[slot];
          if (existing) {
            if (existing.dims !== def.dims || existing.metric !== def.metric) throw new VectorIndexSpecMismatchError(c.name, `slot ${slot} exists with another spec`);
            return;
          }
          await c.collection.config.addVector(vectorConfig(slot, def) as never);
          await writeSpec(next);
        }),
      ),

    upsert: (target, docs) =>
      guard('upsert', async () => {
        const c = await resolve(target);
        assertValidDocs(c.spec, docs);
        if (docs.length === 0) return;
        await lock(`docs:${c.name}`, async () => {
          const slots = Object.keys(c.spec.vectors);
          const partial = docs.filter((d) => slots.some((s) => !d.vectors[s])).map((d) => d.id);
          const existing = partial.length > 0 ? await fetchByIds(c.collection, partial, true) : new Map<string, IndexDoc>();
          const objects = docs.map((doc, i) => {
            const vectors = { ...(existing.get(doc.id)?.vectors ?? {}), ...doc.vectors };
            const missing = slots.filter((s) => !vectors[s]);
            if (missing.length > 0) throw new VectorIndexInvalidInputError(`docs.${i}.vectors`, `a new document needs every slot; missing ${missing.join(', ')}`);
            const properties: Record<string, unknown> = { [DOC_ID]: doc.id, [PAYLOAD]: JSON.stringify(doc.payload) };
            for (const field of Object.keys(c.spec.payload)) {
              const value = doc.payload[field];
              if (value !== undefined && value !== null) properties[propertyOf(field)] = value;
            }
            return { id: uuidOf(doc.id), properties, vectors: Object.fromEntries(Object.entries(vectors).map(([s, v]) => [s, Array.from(v!)])) };
          });
          for (let i = 0; i < objects.length; i += batchSize) {
            const result = await c.collection.data.insertMany(objects.slice(i, i + batchSize) as never);
            if (result.hasErrors) {
              const first = Object.values(result.errors)[0];
              throw new VectorIndexUnavailableError('weaviate', `upsert (${Object.keys(result.errors).length} objects refused: ${first?.message ?? 'unknown'})`);
            }
          }
        });
      }),

    delete: (target, selector) =>
      guard('delete', async () => {
        const c = await resolve(target);
        let where;
        if ('ids' in selector) {
          if (selector.ids.length === 0) return 0;
          where = c.collection.filter.byProperty(DOC_ID).containsAny([...selector.ids]);
        } else {
          assertValidFilter(c.spec, selector.filter);
          where = toWeaviateFilter(c.collection, selector.filter);
        }
        return lock(`docs:${c.name}`, async () => (await c.collection.data.deleteMany(where)).successful);
      }),

    get: (target, ids, opts) =>
      guard('get', async () => {
        const c = await resolve(target);
        const found = await fetchByIds(c.collection, ids, opts?.withVectors ?? true);
        return ids.flatMap((id) => {
          const doc = found.get(id);
          return doc ? [doc] : [];
        });
      }),

    count: (target, filter) =>
      guard('count', async () => {
        const c = await resolve(target);
        if (filter) assertValidFilter(c.spec, filter);
        const res = await c.collection.aggregate.overAll(filter ? { filters: toWeaviateFilter(c.collection, filter) } : {});
        return res.totalCount;
      }),

    scan(target, scanOptions = {}) {
      const size = scanOptions.batchSize ?? 500;
      const withVectors = scanOptions.withVectors ?? true;
      // Weaviate's cursor (`after`) takes no filter: walk everything in UUID order and apply the
      // filter with the reference semantics.
      return (async function* () {
        const c = await guard('scan', () => resolve(target));
        if (scanOptions.filter) assertValidFilter(c.spec, scanOptions.filter);
        let after: string | undefined;
        let page: IndexDoc[] = [];
        for (;;) {
          const res = await guard('scan', () =>
            c.collection.query.fetchObjects({ limit: size, ...(after ? { after } : {}), includeVector: withVectors, returnProperties: [DOC_ID, PAYLOAD] }),
          );
          if (res.objects.length === 0) break;
          for (const obj of res.objects) {
            const doc = toDoc(obj as never, withVectors);
            if (scanOptions.filter && !matchesFilter(doc, scanOptions.filter)) continue;
            page.push(doc);
            if (page.length >= size) {
              yield page;
              page = [];
            }
          }
          after = res.objects[res.objects.length - 1]!.uuid;
          if (res.objects.length < size) break;
        }
        if (page.length > 0) yield page;
      })();
    },

    search: (request) =>
      guard('search', async (): Promise<VectorHit[]> => {
        const c = await resolve(request.target);
        assertValidSearch(c.spec, request);
        const metric = c.spec.vectors[request.slot]!.metric;
        const withPayload = request.withPayload !== false;
        const common = {
          limit: request.k,
          offset: request.offset ?? 0,
          targetVector: request.slot,
          returnProperties: withPayload ? [DOC_ID, PAYLOAD] : [DOC_ID],
          ...(request.filter ? { filters: toWeaviateFilter(c.collection, request.filter) } : {}),
        };
        const textFields = Object.entries(c.spec.payload).filter(([, t]) => t === 'text').map(([f]) => propertyOf(f));
        const toHit = (obj: { properties: Record<string, unknown> }, score: number): VectorHit => {
          const id = String(obj.properties[DOC_ID]);
          return withPayload ? { id, score, payload: JSON.parse(String(obj.properties[PAYLOAD] ?? '{}')) as Record<string, unknown> } : { id, score };
        };
        if (request.text?.trim() && textFields.length > 0) {
          const res = await c.collection.query.hybrid(request.text, {
            ...common,
            vector: Array.from(request.vector),
            alpha: request.alpha ?? 0.5,
            fusionType: 'Ranked',
            queryProperties: textFields,
            returnMetadata: ['score'],
          } as never);
          return res.objects.map((obj) => toHit(obj as never, Number((obj.metadata as { score?: number } | undefined)?.score ?? 0)));
        }
        const res = await c.collection.query.nearVector(Array.from(request.vector), { ...common, returnMetadata: ['distance'] } as never);
        return res.objects
          .map((obj) => {
            const distance = Number((obj.metadata as { distance?: number } | undefined)?.distance ?? 0);
            return toHit(obj as never, metric === 'cosine' ? 1 - distance : -distance);
          })
          .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      }),

    aliases: {
      resolve: (alias) => guard('aliases.resolve', () => aliasTarget(alias)),
      switch: (change) =>
        guard('aliases.switch', async () => {
          for (let attempt = 0; ; attempt++) {
            try {
              return await switchAlias(change);
            } catch (error) {
              // An unconditional switch that lost to another process's write retries.
              if (change.expect !== undefined || attempt >= MAX_CAS_RETRIES || !isAppError(error) || error.code !== 'VECTOR_INDEX_ALIAS_CONFLICT') throw error;
            }
          }
        }),
      delete: (alias) =>
        guard('aliases.delete', async () => {
          if ((await aliasTarget(alias)) !== undefined) await client.alias.delete(toClassName(alias, 'alias'));
        }),
      list: () =>
        guard('aliases.list', async () =>
          ((await client.alias.listAll()) ?? [])
            .flatMap((a) => {
              const alias = fromClassName(a.alias);
              const collection = fromClassName(a.collection);
              return alias && collection ? [{ alias, collection }] : [];
            })
            .sort((a, b) => a.alias.localeCompare(b.alias)),
        ),
    },

    async close() {
      specs.clear();
      await client.close();
    },
  };
}
