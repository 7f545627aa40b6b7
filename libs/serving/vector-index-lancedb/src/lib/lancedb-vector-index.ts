// The LanceDB adapter: one Lance table per collection, one vector column per slot, a typed column
// per declared payload field (for filters and full-text search) and the whole payload as JSON.
import * as lancedb from '@lancedb/lancedb';
import { Bool, Field, FixedSizeList, Float32, Float64, Schema, Utf8 } from 'apache-arrow';
import { isAppError } from '@embedding-studio/errors';
import {
  VectorIndexCollectionNotFoundError,
  VectorIndexInvalidInputError,
  VectorIndexSpecMismatchError,
  VectorIndexUnavailableError,
  aliasesFromRegistry,
  assertNotAliased,
  assertValidDocs,
  assertValidFilter,
  assertValidSearch,
  assertValidSpec,
  specsEqual,
  type AliasRegistry,
  type CollectionSpec,
  type Filter,
  type IndexDoc,
  type PayloadFieldType,
  type SearchAccuracy,
  type VectorHit,
  type VectorIndex,
  type VectorSearchRequest,
} from '@embedding-studio/vector-index';
import { filterToSql, idsToSql, payloadColumn, sqlLiteral, vectorColumn } from './sql.js';

/** ANN search settings for one accuracy level. */
export interface LanceDbSearchTuning {
  /** IVF partitions probed. */
  nprobes: number;
  /** HNSW candidate list size. */
  ef: number;
  /** Re-rank `refineFactor × k` candidates with exact distances (0 = off). */
  refineFactor: number;
}

export interface LanceDbVectorIndexOptions {
  /** A local directory (or any URI LanceDB accepts) holding one table per collection. */
  uri: string;
  /** Where aliases live (LanceDB has none): MongoDB in production, memory in tests. */
  aliases: AliasRegistry;
  /**
   * How often (seconds) a reader checks for commits made by other processes; 0 = on every read.
   * @defaultValue `0`
   */
  readConsistencyIntervalSeconds?: number;
  /**
   * Rows from which a table gets an ANN index, built in the background after an upsert crosses it
   * (and by `optimize()`). Below it, search is exact, which is fast enough.
   * @defaultValue `20_000`
   */
  annThreshold?: number;
  /**
   * Unindexed rows (added since the last build) that trigger a background `optimize()`.
   * @defaultValue `10_000`
   */
  reindexAfterRows?: number;
  /** HNSW graph degree. @defaultValue `16` */
  hnswM?: number;
  /** HNSW construction candidate list size. @defaultValue `128` */
  hnswEfConstruction?: number;
  /** Search settings per accuracy (`exact` never uses the index). */
  tuning?: Partial<Record<Exclude<SearchAccuracy, 'exact'>, Partial<LanceDbSearchTuning>>>;
  /** Called when a background index build fails (the next upsert or `optimize()` retries). */
  onBackgroundError?: (error: unknown) => void;
}

const DEFAULT_TUNING: Record<Exclude<SearchAccuracy, 'exact'>, LanceDbSearchTuning> = {
  fast: { nprobes: 10, ef: 64, refineFactor: 0 },
  balanced: { nprobes: 20, ef: 160, refineFactor: 2 },
};
const RRF_K = 60;
const ID_CHUNK = 500;
const TYPE_KEY = 'es.type';
const METRIC_KEY = 'es.metric';

export interface LanceDbVectorIndex extends VectorIndex {
  /** Waits for background index builds to finish (tests, benchmarks, shutdown). */
  idle(): Promise<void>;
}

interface OpenCollection {
  table: lancedb.Table;
  spec: CollectionSpec;
}

const arrowType = (type: PayloadFieldType) => (type === 'int' || type === 'float' ? new Float64() : type === 'bool' ? new Bool() : new Utf8());

function toSchema(spec: CollectionSpec): Schema {
  const fields: Field[] = [new Field('id', new Utf8(), false)];
  for (const [slot, def] of Object.entries(spec.vectors)) {
    fields.push(new Field(vectorColumn(slot), new FixedSizeList(def.dims, new Field('item', new Float32(), true)), true, new Map([[METRIC_KEY, def.metric]])));
  }
  for (const [field, type] of Object.entries(spec.payload)) fields.push(new Field(payloadColumn(field), arrowType(type), true, new Map([[TYPE_KEY, type]])));
  fields.push(new Field('payload', new Utf8(), false));
  return new Schema(fields);
}

function fromSchema(name: string, schema: Schema): CollectionSpec {
  const spec: CollectionSpec = { name, vectors: {}, payload: {} };
  for (const field of schema.fields) {
    // Duck-typed: the schema LanceDB hands back may come from another copy of apache-arrow.
    const listSize = (field.type as { listSize?: unknown }).listSize;
    if (field.name.startsWith('v_') && typeof listSize === 'number') {
      spec.vectors[field.name.slice(2)] = { dims: listSize, metric: field.metadata.get(METRIC_KEY) === 'dot' ? 'dot' : 'cosine' };
    } else if (field.name.startsWith('p_')) {
      spec.payload[field.name.slice(2)] = (field.metadata.get(TYPE_KEY) ?? 'keyword') as PayloadFieldType;
    }
  }
  return spec;
}

/** Serialises calls per key (writes to one table), leaving other keys free. */
function keyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    tails.set(key, run);
    try {
      return await run;
    } finally {
      if (tails.get(key) === run) tails.delete(key);
    }
  };
}

const toVector = (value: unknown): Float32Array | undefined => {
  if (value === null || value === undefined) return undefined;
  return Float32Array.from(value as Iterable<number>);
};

/** Creates the adapter; the directory is created on first write. */
export async function createLanceDbVectorIndex(options: LanceDbVectorIndexOptions): Promise<LanceDbVectorIndex> {
  const db = await lancedb.connect(options.uri, { readConsistencyInterval: options.readConsistencyIntervalSeconds ?? 0 });
  const annThreshold = options.annThreshold ?? 20_000;
  const reindexAfterRows = options.reindexAfterRows ?? 10_000;
  const tuning = {
    fast: { ...DEFAULT_TUNING.fast, ...options.tuning?.fast },
    balanced: { ...DEFAULT_TUNING.balanced, ...options.tuning?.balanced },
  };
  const open = new Map<string, OpenCollection>();
  const lock = keyedLock();
  const background = new Map<string, Promise<void>>();
  const written = new Map<string, number>();

  const engineError = (operation: string) => (error: unknown) => {
    throw isAppError(error) ? error : new VectorIndexUnavailableError('lancedb', operation, error);
  };
  const guard = <T>(operation: string, work: () => Promise<T>): Promise<T> => work().catch(engineError(operation));

  const tableNames = async (): Promise<string[]> => db.tableNames();

  const openCollection = async (name: string): Promise<OpenCollection | undefined> => {
    const cached = open.get(name);
    if (cached) return cached;
    if (!(await tableNames()).includes(name)) return undefined;
    const table = await db.openTable(name);
    const entry = { table, spec: fromSchema(name, await table.schema()) };
    open.set(name, entry);
    return entry;
  };
  /** A collection by physical name or alias. */
  const resolve = async (target: string): Promise<OpenCollection> => {
    const physical = (await options.aliases.resolve(target)) ?? target;
    const found = await openCollection(physical);
    if (!found) throw new VectorIndexCollectionNotFoundError(target);
    return found;
  };

  const rowsToDocs = (rows: Record<string, unknown>[], spec: CollectionSpec, withVectors: boolean): IndexDoc[] =>
    rows.map((row) => {
      const vectors: IndexDoc['vectors'] = {};
      if (withVectors) {
        for (const slot of Object.keys(spec.vectors)) {
          const v = toVector(row[vectorColumn(slot)]);
          if (v) vectors[slot] = v;
        }
      }
      return { id: String(row['id']), vectors, payload: JSON.parse(String(row['payload'])) as Record<string, unknown> };
    });

  const columnsFor = (spec: CollectionSpec, withVectors: boolean): string[] => ['id', 'payload', ...(withVectors ? Object.keys(spec.vectors).map(vectorColumn) : [])];

  const fetchByIds = async (c: OpenCollection, ids: readonly string[], withVectors: boolean): Promise<Map<string, IndexDoc>> => {
    const found = new Map<string, IndexDoc>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const rows = (await c.table.query().where(idsToSql(chunk)).select(columnsFor(c.spec, withVectors)).toArray()) as Record<string, unknown>[];
      for (const doc of rowsToDocs(rows, c.spec, withVectors)) found.set(doc.id, doc);
    }
    return found;
  };

  const hasIndexOn = async (table: lancedb.Table, column: string): Promise<boolean> => (await table.listIndices()).some((ix) => ix.columns.includes(column));

  /** Builds missing ANN and FTS indexes and folds new rows into existing ones. */
  const buildIndexes = async (c: OpenCollection, force: boolean): Promise<void> => {
    const rows = await c.table.countRows();
    for (const [slot, def] of Object.entries(c.spec.vectors)) {
      const column = vectorColumn(slot);
      if (rows >= annThreshold && !(await hasIndexOn(c.table, column))) {
        await c.table.createIndex(column, {
          config: lancedb.Index.hnswSq({ distanceType: def.metric, m: options.hnswM ?? 16, efConstruction: options.hnswEfConstruction ?? 128 }),
          replace: true,
        });
      }
    }
    if (rows > 0) {
      for (const [field, type] of Object.entries(c.spec.payload)) {
        if (type === 'text' && !(await hasIndexOn(c.table, payloadColumn(field)))) await c.table.createIndex(payloadColumn(field), { config: lancedb.Index.fts(), replace: true });
      }
    }
    if (force || rows >= annThreshold) await c.table.optimize();
  };

  /** After writes: schedules a background index build once the table crosses a threshold. */
  const afterWrite = (c: OpenCollection, rows: number): void => {
    const name = c.spec.name;
    const total = (written.get(name) ?? 0) + rows;
    written.set(name, total);
    if (background.has(name)) return;
    const job = (async () => {
      const indices = await c.table.listIndices();
      const vectorIndexed = indices.filter((ix) => ix.columns.some((col) => col.startsWith('v_')));
      let due = false;
      if (vectorIndexed.length === 0) due = (await c.table.countRows()) >= annThreshold;
      else if (total >= reindexAfterRows) {
        const stats = await c.table.indexStats(vectorIndexed[0]!.name);
        due = (stats?.numUnindexedRows ?? 0) >= reindexAfterRows;
      }
      if (due) {
        written.set(name, 0);
        await buildIndexes(c, true);
      }
    })()
      .catch((error: unknown) => options.onBackgroundError?.(error))
      .finally(() => background.delete(name));
    background.set(name, job);
  };

  const toRow = (spec: CollectionSpec, doc: IndexDoc): Record<string, unknown> => {
    const row: Record<string, unknown> = { id: doc.id, payload: JSON.stringify(doc.payload) };
    for (const slot of Object.keys(spec.vectors)) {
      const v = doc.vectors[slot];
      row[vectorColumn(slot)] = v ? Array.from(v) : null;
    }
    for (const field of Object.keys(spec.payload)) row[payloadColumn(field)] = doc.payload[field] ?? null;
    return row;
  };

  const vectorQuery = (c: OpenCollection, request: VectorSearchRequest, limit: number): lancedb.VectorQuery => {
    const metric = c.spec.vectors[request.slot]!.metric;
    let q = c.table.vectorSearch(Array.from(request.vector)).column(vectorColumn(request.slot)).distanceType(metric).limit(limit);
    if (request.filter) q = q.where(filterToSql(request.filter));
    const accuracy = request.accuracy ?? 'balanced';
    if (accuracy === 'exact') return q.bypassVectorIndex();
    const t = tuning[accuracy];
    q = q.nprobes(t.nprobes).ef(t.ef);
    return t.refineFactor > 0 ? q.refineFactor(t.refineFactor) : q;
  };
  // Lance reports cosine distance as 1 - cos and dot distance as 1 - dot: one conversion serves both.
  const distanceToScore = (distance: number): number => 1 - distance;

  const index: LanceDbVectorIndex = {
    engine: 'lancedb',
    capabilities: () => ({ nativeAliases: false, addVectorSlot: false, hybrid: true }),

    ensureCollection: (spec) =>
      guard('ensureCollection', () =>
        lock('', async () => {
          assertValidSpec(spec);
          const existing = await openCollection(spec.name);
          if (existing) {
            const problem = specsEqual(existing.spec, spec);
            if (problem) throw new VectorIndexSpecMismatchError(spec.name, problem);
            return;
          }
          if (await options.aliases.resolve(spec.name)) throw new VectorIndexInvalidInputError('collection name', `${spec.name} is already an alias`);
          const table = await db.createEmptyTable(spec.name, toSchema(spec), { mode: 'create', existOk: true });
          open.set(spec.name, { table, spec: fromSchema(spec.name, await table.schema()) });
        }),
      ),
    listCollections: () => guard('listCollections', async () => (await tableNames()).sort()),
    describeCollection: (name) => guard('describeCollection', async () => structuredClone((await openCollection(name))?.spec)),
    dropCollection: (name) =>
      guard('dropCollection', () =>
        lock('', async () => {
          await assertNotAliased(options.aliases, name);
          await background.get(name);
          const c = open.get(name);
          open.delete(name);
          c?.table.close();
          if ((await tableNames()).includes(name)) await db.dropTable(name);
        }),
      ),

    upsert: (collection, docs) =>
      guard('upsert', async () => {
        const c = await resolve(collection);
        assertValidDocs(c.spec, docs);
        if (docs.length === 0) return;
        await lock(c.spec.name, async () => {
          const slots = Object.keys(c.spec.vectors);
          const partial = docs.filter((d) => slots.some((s) => !d.vectors[s])).map((d) => d.id);
          const existing = partial.length > 0 ? await fetchByIds(c, partial, true) : new Map<string, IndexDoc>();
          const rows = docs.map((doc, i) => {
            const old = existing.get(doc.id);
            const vectors = { ...(old?.vectors ?? {}), ...doc.vectors };
            const missing = slots.filter((s) => !vectors[s]);
            if (missing.length > 0) throw new VectorIndexInvalidInputError(`docs.${i}.vectors`, `a new document needs every slot; missing ${missing.join(', ')}`);
            return toRow(c.spec, { id: doc.id, vectors, payload: doc.payload });
          });
          await c.table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
        });
        afterWrite(c, docs.length);
      }),

    delete: (collection, selector) =>
      guard('delete', async () => {
        const c = await resolve(collection);
        let predicate: string;
        if ('ids' in selector) {
          if (selector.ids.length === 0) return 0;
          predicate = idsToSql(selector.ids);
        } else {
          assertValidFilter(c.spec, selector.filter);
          predicate = filterToSql(selector.filter);
        }
        return lock(c.spec.name, async () => (await c.table.delete(predicate)).numDeletedRows);
      }),

    get: (collection, ids, opts) =>
      guard('get', async () => {
        const c = await resolve(collection);
        const found = await fetchByIds(c, ids, opts?.withVectors ?? true);
        return ids.flatMap((id) => {
          const doc = found.get(id);
          return doc ? [doc] : [];
        });
      }),

    count: (collection, filter?: Filter) =>
      guard('count', async () => {
        const c = await resolve(collection);
        if (!filter) return c.table.countRows();
        assertValidFilter(c.spec, filter);
        return c.table.countRows(filterToSql(filter));
      }),

    scan(collection, scanOptions = {}) {
      const batchSize = scanOptions.batchSize ?? 500;
      const withVectors = scanOptions.withVectors ?? true;
      return (async function* () {
        const c = await resolve(collection).catch(engineError('scan'));
        if (scanOptions.filter) assertValidFilter(c.spec, scanOptions.filter);
        const base = scanOptions.filter ? filterToSql(scanOptions.filter) : undefined;
        let after: string | undefined;
        for (;;) {
          const where = [base, after === undefined ? undefined : `(\`id\` > ${sqlLiteral(after)})`].filter(Boolean).join(' AND ');
          let q = c.table.query().select(columnsFor(c.spec, withVectors)).orderBy({ columnName: 'id', ascending: true }).limit(batchSize);
          if (where) q = q.where(where);
          const rows = (await q.toArray().catch(engineError('scan'))) as Record<string, unknown>[];
          if (rows.length === 0) return;
          const page = rowsToDocs(rows, c.spec, withVectors);
          yield page;
          if (rows.length < batchSize) return;
          after = page[page.length - 1]!.id;
        }
      })();
    },

    optimize: (collection) =>
      guard('optimize', async () => {
        const c = await resolve(collection);
        await background.get(c.spec.name);
        written.set(c.spec.name, 0);
        await buildIndexes(c, true);
      }),

    search: (request) =>
      guard('search', async (): Promise<VectorHit[]> => {
        const c = await resolve(request.target);
        assertValidSearch(c.spec, request);
        const offset = request.offset ?? 0;
        const withPayload = request.withPayload !== false;
        const select = withPayload ? ['id', 'payload'] : ['id'];
        const textFields = Object.entries(c.spec.payload).filter(([, t]) => t === 'text').map(([f]) => payloadColumn(f));
        const toHit = (row: Record<string, unknown>, score: number): VectorHit =>
          withPayload ? { id: String(row['id']), score, payload: JSON.parse(String(row['payload'])) as Record<string, unknown> } : { id: String(row['id']), score };

        if (!request.text?.trim() || textFields.length === 0) {
          const rows = (await vectorQuery(c, request, offset + request.k).select([...select, '_distance']).toArray()) as Record<string, unknown>[];
          return rows
            .map((row) => toHit(row, distanceToScore(Number(row['_distance']))))
            .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
            .slice(offset, offset + request.k);
        }
        // Hybrid: reciprocal-rank fusion of the vector ranking and the BM25 ranking, weighted by alpha.
        const pool = Math.max(offset + request.k, 50);
        const alpha = request.alpha ?? 0.5;
        let text = c.table.query().fullTextSearch(request.text, { columns: textFields }).select([...select, '_score']).limit(pool);
        if (request.filter) text = text.where(filterToSql(request.filter));
        const [byVector, byText] = await Promise.all([
          vectorQuery(c, request, pool).select([...select, '_distance']).toArray() as Promise<Record<string, unknown>[]>,
          text.toArray() as Promise<Record<string, unknown>[]>,
        ]);
        const fused = new Map<string, { row: Record<string, unknown>; score: number }>();
        const add = (rows: Record<string, unknown>[], weight: number): void =>
          rows.forEach((row, rank) => {
            const id = String(row['id']);
            const entry = fused.get(id) ?? { row, score: 0 };
            entry.score += weight / (RRF_K + rank + 1);
            fused.set(id, entry);
          });
        add(byVector, alpha);
        add(byText, 1 - alpha);
        return [...fused.values()]
          .map(({ row, score }) => toHit(row, score))
          .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
          .slice(offset, offset + request.k);
      }),

    aliases: aliasesFromRegistry(options.aliases, { exists: async (name) => (await openCollection(name)) !== undefined }),

    async idle() {
      while (background.size > 0) await Promise.all(background.values());
    },

    async close() {
      await index.idle();
      for (const c of open.values()) c.table.close();
      open.clear();
      db.close();
    },
  };
  return index;
}
