// The contract every VectorIndex adapter runs (jest `describe` blocks): same data, same questions,
// answers checked against the exact ground truth computed here with the reference rules.
import { createRng } from '@embedding-studio/random';
import { matchesFilter, similarity } from '../rules.js';
import type { CollectionSpec, Filter, IndexDoc, VectorIndex, VectorMetric } from '../vector-index.js';

/** Options of {@link vectorIndexContract}. */
export interface VectorIndexContractOptions {
  /**
   * Per-test timeout in milliseconds (remote engines answer over the network).
   * @defaultValue `60_000`
   */
  timeoutMs?: number;
  /**
   * Prefix of the collection and alias names the suite creates, so runs on a shared server do not collide.
   * @defaultValue a random `t` + 6 letters
   */
  namePrefix?: string;
  /** Called once after the suite with the index (before `close`), e.g. to remove a temp folder. */
  cleanup?: (index: VectorIndex) => Promise<void>;
}

/** Deterministic pseudo-random numbers in [0, 1) from a seed. */
export function seededRandom(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

/** A random vector with components in [-1, 1). */
export function randomVector(dims: number, next: () => number): Float32Array {
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) v[i] = next() * 2 - 1;
  return v;
}

/** The exact top-k ids of a query among docs, by the slot's metric, after a filter (ties broken by id). */
export function exactTopK(docs: readonly IndexDoc[], slot: string, metric: VectorMetric, query: Float32Array, k: number, filter?: Filter, offset = 0): Array<{ id: string; score: number }> {
  return docs
    .filter((d) => d.vectors[slot] && (!filter || matchesFilter(d, filter)))
    .map((d) => ({ id: d.id, score: similarity(metric, query, d.vectors[slot]!) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(offset, offset + k);
}

const KINDS = ['alpha', 'beta', 'gamma', "o'hara"] as const;
const DIMS = 8;

/** The payload fields of the suite's main collection. */
const PAYLOAD = { kind: 'keyword', n: 'int', price: 'float', live: 'bool', title: 'text' } as const;

function makeDocs(count: number, seed: number): IndexDoc[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: `doc-${String(i).padStart(3, '0')}`,
    vectors: { a: randomVector(DIMS, next), b: randomVector(4, next) },
    payload: {
      kind: KINDS[i % KINDS.length]!,
      n: i,
      price: Math.round(next() * 1000) / 10,
      live: i % 3 !== 0,
      title: `item number ${i}`,
      extra: { tags: [`t${i % 5}`], note: i % 2 === 0 ? 'even' : null },
    },
  }));
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

async function collectScan(index: VectorIndex, collection: string, options?: Parameters<VectorIndex['scan']>[1]): Promise<IndexDoc[][]> {
  const pages: IndexDoc[][] = [];
  for await (const page of index.scan(collection, options)) pages.push(page);
  return pages;
}

const sortedIds = (docs: ReadonlyArray<{ id: string }>): string[] => docs.map((d) => d.id).sort();

/** Filters covering every operator on every field type, and `id`. */
export const CONTRACT_FILTERS: Array<[string, Filter]> = [
  ['eq keyword', { field: 'kind', eq: 'beta' }],
  ['eq keyword with a quote', { field: 'kind', eq: "o'hara" }],
  ['eq hostile string', { field: 'kind', eq: "x' OR '1'='1" }],
  ['eq int', { field: 'n', eq: 7 }],
  ['eq bool', { field: 'live', eq: false }],
  ['eq id', { field: 'id', eq: 'doc-004' }],
  ['in keyword', { field: 'kind', in: ['alpha', 'gamma'] }],
  ['in int', { field: 'n', in: [1, 2, 3, 40] }],
  ['in id', { field: 'id', in: ['doc-001', 'doc-010', 'nope'] }],
  ['gte/lte int', { field: 'n', gte: 5, lte: 12 }],
  ['gt/lt int', { field: 'n', gt: 5, lt: 12 }],
  ['gte float', { field: 'price', gte: 50 }],
  ['lt float', { field: 'price', lt: 25.5 }],
  ['and', { and: [{ field: 'kind', eq: 'alpha' }, { field: 'live', eq: true }] }],
  ['or', { or: [{ field: 'n', lt: 3 }, { field: 'kind', eq: 'gamma' }] }],
  ['not', { not: { field: 'kind', eq: 'alpha' } }],
  ['nested', { and: [{ not: { field: 'live', eq: true } }, { or: [{ field: 'price', gt: 30 }, { field: 'id', in: ['doc-000'] }] }] }],
];

/**
 * Registers the VectorIndex contract as jest `describe` blocks. `makeIndex` is called once; the suite
 * creates its own collections (named with a per-run prefix) and drops them afterwards.
 */
export function vectorIndexContract(name: string, makeIndex: () => VectorIndex | Promise<VectorIndex>, options: VectorIndexContractOptions = {}): void {
  const timeout = options.timeoutMs ?? 60_000;
  const prefix = options.namePrefix ?? `t${Math.random().toString(36).slice(2, 8)}`;
  let index: VectorIndex;
  let n = 0;
  const created: string[] = [];
  const fresh = (label: string): string => {
    const collection = `${prefix}_${label}_${++n}`;
    created.push(collection);
    return collection;
  };
  const spec = (collection: string, metric: VectorMetric = 'cosine'): CollectionSpec => ({
    name: collection,
    vectors: { a: { dims: DIMS, metric }, b: { dims: 4, metric: 'cosine' } },
    payload: { ...PAYLOAD },
  });
  const filled = async (label: string, count = 40, metric: VectorMetric = 'cosine'): Promise<{ collection: string; docs: IndexDoc[] }> => {
    const collection = fresh(label);
    await index.ensureCollection(spec(collection, metric));
    const docs = makeDocs(count, n);
    await index.upsert(collection, docs);
    return { collection, docs };
  };

  describe(`VectorIndex contract: ${name}`, () => {
    beforeAll(async () => {
      index = await makeIndex();
    }, timeout);

    afterAll(async () => {
      if (!index) return;
      for (const a of await index.aliases.list().catch(() => [])) if (a.alias.startsWith(prefix)) await index.aliases.delete(a.alias).catch(() => undefined);
      for (const c of created) await index.dropCollection(c).catch(() => undefined);
      await options.cleanup?.(index);
      await index.close();
    }, timeout);

    describe('collections', () => {
      it('creates a collection, lists and describes it, and accepts the same spec again', async () => {
        const collection = fresh('spec');
        await index.ensureCollection(spec(collection));
        await index.ensureCollection(spec(collection));
        expect(await index.listCollections()).toContain(collection);
        const described = await index.describeCollection(collection);
        expect(described).toEqual(spec(collection));
        expect(await index.count(collection)).toBe(0);
        expect(await index.describeCollection(`${collection}_nope`)).toBeUndefined();
      }, timeout);

      it('refuses the same name with another spec (VECTOR_INDEX_SPEC_MISMATCH)', async () => {
        const collection = fresh('mismatch');
        await index.ensureCollection(spec(collection));
        await expectCode(index.ensureCollection({ ...spec(collection), vectors: { a: { dims: DIMS + 1, metric: 'cosine' }, b: { dims: 4, metric: 'cosine' } } }), 'VECTOR_INDEX_SPEC_MISMATCH');
        await expectCode(index.ensureCollection({ ...spec(collection), payload: { kind: 'keyword' } }), 'VECTOR_INDEX_SPEC_MISMATCH');
      }, timeout);

      it('rejects invalid specs (VECTOR_INDEX_INVALID_INPUT) and creates nothing', async () => {
        const collection = fresh('badspec');
        await expectCode(index.ensureCollection({ ...spec(collection), vectors: {} }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.ensureCollection({ ...spec(collection), vectors: { a: { dims: 0, metric: 'cosine' } } }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.ensureCollection({ ...spec('1bad-name'), name: '1bad-name' }), 'VECTOR_INDEX_INVALID_INPUT');
        expect(await index.describeCollection(collection)).toBeUndefined();
      }, timeout);

      it('drops a collection (a no-op when missing) and then answers COLLECTION_NOT_FOUND', async () => {
        const { collection } = await filled('drop', 5);
        await index.dropCollection(collection);
        await index.dropCollection(collection);
        expect(await index.listCollections()).not.toContain(collection);
        await expectCode(index.count(collection), 'VECTOR_INDEX_COLLECTION_NOT_FOUND');
        await expectCode(index.search({ target: collection, slot: 'a', vector: new Float32Array(DIMS), k: 1 }), 'VECTOR_INDEX_COLLECTION_NOT_FOUND');
      }, timeout);
    });

    describe('documents', () => {
      it('inserts, then replaces by id, keeping payload values and types', async () => {
        const { collection, docs } = await filled('upsert', 10);
        expect(await index.count(collection)).toBe(10);
        const [got] = await index.get(collection, ['doc-003']);
        expect(got?.payload).toEqual(docs[3]!.payload);
        expect(Array.from(got!.vectors.a!)).toEqual(Array.from(docs[3]!.vectors.a!));
        const replaced: IndexDoc = { id: 'doc-003', vectors: { a: new Float32Array(DIMS).fill(0.5), b: new Float32Array(4).fill(-0.25) }, payload: { kind: 'beta', n: 300, price: 1.5, live: true, title: 'replaced' } };
        await index.upsert(collection, [replaced]);
        expect(await index.count(collection)).toBe(10);
        const [again] = await index.get(collection, ['doc-003']);
        expect(again?.payload).toEqual(replaced.payload);
        expect(Array.from(again!.vectors.a!)).toEqual(Array.from(replaced.vectors.a!));
        expect(Array.from(again!.vectors.b!)).toEqual(Array.from(replaced.vectors.b!));
      }, timeout);

      it('keeps the other slots when an upsert names only some of them', async () => {
        const { collection, docs } = await filled('partial', 6);
        const b = new Float32Array([0.1, 0.2, 0.3, 0.4]);
        await index.upsert(collection, [{ id: 'doc-002', vectors: { b }, payload: { kind: 'gamma', n: 2, price: 9, live: false, title: 'b only' } }]);
        const [got] = await index.get(collection, ['doc-002']);
        expect(Array.from(got!.vectors.a!)).toEqual(Array.from(docs[2]!.vectors.a!));
        expect(Array.from(got!.vectors.b!)).toEqual(Array.from(b));
        expect(got!.payload['title']).toBe('b only');
        const hits = await index.search({ target: collection, slot: 'b', vector: b, k: 1 });
        expect(hits[0]?.id).toBe('doc-002');
      }, timeout);

      it('refuses a new document without every slot, and stores nothing of that upsert', async () => {
        const { collection } = await filled('newslot', 3);
        await expectCode(
          index.upsert(collection, [
            { id: 'doc-100', vectors: { a: new Float32Array(DIMS), b: new Float32Array(4) }, payload: {} },
            { id: 'doc-101', vectors: { a: new Float32Array(DIMS) }, payload: {} },
          ]),
          'VECTOR_INDEX_INVALID_INPUT',
        );
        expect(await index.count(collection)).toBe(3);
        expect(await index.get(collection, ['doc-100', 'doc-101'])).toEqual([]);
      }, timeout);

      it('gets documents in the order asked, leaves missing ids out, and can omit vectors', async () => {
        const { collection } = await filled('get', 8);
        const got = await index.get(collection, ['doc-005', 'missing', 'doc-001']);
        expect(got.map((d) => d.id)).toEqual(['doc-005', 'doc-001']);
        const bare = await index.get(collection, ['doc-002'], { withVectors: false });
        expect(bare[0]?.vectors).toEqual({});
        expect(bare[0]?.payload['n']).toBe(2);
      }, timeout);

      it('counts and scans page by page in a stable order, with and without a filter', async () => {
        const { collection, docs } = await filled('scan', 30);
        const pages = await collectScan(index, collection, { batchSize: 7 });
        expect(pages.length).toBe(5);
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(7);
        const ids = pages.flat().map((d) => d.id);
        expect([...ids].sort()).toEqual(sortedIds(docs));
        expect(new Set(ids).size).toBe(30);
        expect((await collectScan(index, collection, { batchSize: 7 })).flat().map((d) => d.id)).toEqual(ids);
        expect(pages[0]![0]!.vectors.a).toBeInstanceOf(Float32Array);
        const filter: Filter = { field: 'kind', eq: 'alpha' };
        const filtered = (await collectScan(index, collection, { batchSize: 4, filter, withVectors: false })).flat();
        expect(sortedIds(filtered)).toEqual(sortedIds(docs.filter((d) => matchesFilter(d, filter))));
        expect(filtered[0]?.vectors).toEqual({});
        expect(await index.count(collection, filter)).toBe(filtered.length);
      }, timeout);

      it('deletes by ids and by filter, answering how many went', async () => {
        const { collection, docs } = await filled('delete', 20);
        expect(await index.delete(collection, { ids: ['doc-000', 'doc-001', 'missing'] })).toBe(2);
        expect(await index.count(collection)).toBe(18);
        const filter: Filter = { field: 'kind', eq: 'gamma' };
        const expected = docs.filter((d) => !['doc-000', 'doc-001'].includes(d.id) && matchesFilter(d, filter)).length;
        expect(await index.delete(collection, { filter })).toBe(expected);
        expect(await index.count(collection)).toBe(18 - expected);
        expect(await index.count(collection, filter)).toBe(0);
        expect(await index.get(collection, ['doc-000', 'doc-002'])).toEqual([]);
      }, timeout);

      it('keeps every document of parallel upserts of disjoint ids', async () => {
        const collection = fresh('parallel');
        await index.ensureCollection(spec(collection));
        const batches = Array.from({ length: 8 }, (_, b) => makeDocs(10, 1000 + b).map((d, i) => ({ ...d, id: `p${b}-${i}` })));
        await Promise.all(batches.map((batch) => index.upsert(collection, batch)));
        expect(await index.count(collection)).toBe(80);
        const got = await index.get(collection, batches.flat().map((d) => d.id), { withVectors: false });
        expect(got.length).toBe(80);
      }, timeout);
    });

    describe('filters', () => {
      let collection: string;
      let docs: IndexDoc[];
      beforeAll(async () => {
        ({ collection, docs } = await filled('filters', 40));
      }, timeout);

      it.each(CONTRACT_FILTERS)('%s: count, scan, delete-free search and the reference agree', async (_label, filter) => {
        const expected = sortedIds(docs.filter((d) => matchesFilter(d, filter)));
        expect(await index.count(collection, filter)).toBe(expected.length);
        expect(sortedIds((await collectScan(index, collection, { filter, withVectors: false })).flat())).toEqual(expected);
        const query = randomVector(DIMS, seededRandom(expected.length + 1));
        const hits = await index.search({ target: collection, slot: 'a', vector: query, k: 5, filter, accuracy: 'exact' });
        expect(hits.map((h) => h.id)).toEqual(exactTopK(docs, 'a', 'cosine', query, 5, filter).map((h) => h.id));
      }, timeout);

      it('rejects filters on undeclared fields, wrong value types and empty lists (VECTOR_INDEX_INVALID_INPUT)', async () => {
        await expectCode(index.count(collection, { field: 'extra', eq: 'x' }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.count(collection, { field: 'n', eq: 'seven' }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.count(collection, { field: 'kind', gte: 1 }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.count(collection, { and: [] }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.delete(collection, { filter: { field: 'nope', eq: 1 } }), 'VECTOR_INDEX_INVALID_INPUT');
        expect(await index.count(collection)).toBe(40);
      }, timeout);
    });

    describe('search', () => {
      it.each(['cosine', 'dot'] as const)('%s: top-k order and scores match the exact ground truth, with offset paging', async (metric) => {
        const { collection, docs } = await filled(`search_${metric}`, 60, metric);
        const next = seededRandom(77);
        for (let q = 0; q < 5; q++) {
          const query = randomVector(DIMS, next);
          const truth = exactTopK(docs, 'a', metric, query, 10);
          for (const accuracy of ['exact', undefined] as const) {
            const hits = await index.search({ target: collection, slot: 'a', vector: query, k: 10, ...(accuracy ? { accuracy } : {}) });
            expect(hits.map((h) => h.id)).toEqual(truth.map((h) => h.id));
            hits.forEach((h, i) => expect(h.score).toBeCloseTo(truth[i]!.score, 3));
          }
          const page2 = await index.search({ target: collection, slot: 'a', vector: query, k: 4, offset: 4, accuracy: 'exact' });
          expect(page2.map((h) => h.id)).toEqual(truth.slice(4, 8).map((h) => h.id));
        }
      }, timeout);

      it('returns payloads unless withPayload is false', async () => {
        const { collection, docs } = await filled('payload', 10);
        const query = docs[4]!.vectors.a!;
        const [top] = await index.search({ target: collection, slot: 'a', vector: query, k: 1 });
        expect(top?.id).toBe('doc-004');
        expect(top?.payload).toEqual(docs[4]!.payload);
        const [bare] = await index.search({ target: collection, slot: 'a', vector: query, k: 1, withPayload: false });
        expect(bare?.id).toBe('doc-004');
        expect(bare?.payload).toBeUndefined();
      }, timeout);

      it('searches two vector slots independently', async () => {
        const { collection, docs } = await filled('slots', 30);
        const query = randomVector(4, seededRandom(5));
        const onB = await index.search({ target: collection, slot: 'b', vector: query, k: 5 });
        expect(onB.map((h) => h.id)).toEqual(exactTopK(docs, 'b', 'cosine', query, 5).map((h) => h.id));
        const queryA = docs[9]!.vectors.a!;
        const onA = await index.search({ target: collection, slot: 'a', vector: queryA, k: 5 });
        expect(onA.map((h) => h.id)).toEqual(exactTopK(docs, 'a', 'cosine', queryA, 5).map((h) => h.id));
      }, timeout);

      it('answers fewer than k hits when fewer documents match, and none on an empty collection', async () => {
        const { collection } = await filled('few', 6);
        expect((await index.search({ target: collection, slot: 'a', vector: new Float32Array(DIMS).fill(1), k: 20 })).length).toBe(6);
        expect(await index.search({ target: collection, slot: 'a', vector: new Float32Array(DIMS).fill(1), k: 5, filter: { field: 'n', gt: 1000 } })).toEqual([]);
        const empty = fresh('empty');
        await index.ensureCollection(spec(empty));
        expect(await index.search({ target: empty, slot: 'a', vector: new Float32Array(DIMS).fill(1), k: 5 })).toEqual([]);
      }, timeout);

      it('rejects bad requests with VECTOR_INDEX_INVALID_INPUT, naming the field', async () => {
        const { collection } = await filled('invalid', 4);
        const vector = new Float32Array(DIMS).fill(0.1);
        const cases: Array<[Parameters<VectorIndex['search']>[0], string]> = [
          [{ target: collection, slot: 'a', vector: new Float32Array(DIMS - 1), k: 3 }, 'vector'],
          [{ target: collection, slot: 'zz', vector, k: 3 }, 'slot'],
          [{ target: collection, slot: 'a', vector, k: 0 }, 'k'],
          [{ target: collection, slot: 'a', vector, k: 1001 }, 'k'],
          [{ target: collection, slot: 'a', vector, k: 3, filter: { field: 'extra', eq: 'x' } }, 'filter.field'],
          [{ target: collection, slot: 'a', vector, k: 3, offset: -1 }, 'offset'],
        ];
        for (const [request, field] of cases) await expect(index.search(request)).rejects.toMatchObject({ code: 'VECTOR_INDEX_INVALID_INPUT', details: { field } });
        const nan = new Float32Array(DIMS).fill(0.1);
        nan[2] = Number.NaN;
        await expectCode(index.search({ target: collection, slot: 'a', vector: nan, k: 3 }), 'VECTOR_INDEX_INVALID_INPUT');
      }, timeout);

      it('rejects bad documents (wrong dims, unknown slot, NaN) and stores nothing of the batch', async () => {
        const { collection } = await filled('baddocs', 4);
        const ok = (id: string): IndexDoc => ({ id, vectors: { a: new Float32Array(DIMS).fill(0.2), b: new Float32Array(4).fill(0.2) }, payload: {} });
        const nan = ok('nan');
        nan.vectors.a![0] = Number.NaN;
        const bad: IndexDoc[] = [
          { ...ok('dims'), vectors: { a: new Float32Array(DIMS + 2), b: new Float32Array(4) } },
          { ...ok('slot'), vectors: { ...ok('slot').vectors, zz: new Float32Array(DIMS) } },
          nan,
          { ...ok(''), id: '' },
          { ...ok('type'), payload: { n: 'seven' } },
          { ...ok('int'), payload: { n: 1.5 } },
        ];
        for (const doc of bad) await expectCode(index.upsert(collection, [ok('fine'), doc]), 'VECTOR_INDEX_INVALID_INPUT');
        expect(await index.count(collection)).toBe(4);
        expect(await index.get(collection, ['fine'])).toEqual([]);
      }, timeout);

      const hybrid = (): boolean => index.capabilities().hybrid;
      it('hybrid: a document that matches the keyword exactly but is far in vector space rises (or text is ignored without the capability)', async () => {
        const collection = fresh('hybrid');
        await index.ensureCollection(spec(collection));
        const next = seededRandom(11);
        const query = randomVector(DIMS, next);
        const docs: IndexDoc[] = Array.from({ length: 30 }, (_, i) => ({
          id: `h${String(i).padStart(2, '0')}`,
          vectors: { a: randomVector(DIMS, next), b: randomVector(4, next) },
          payload: { kind: 'alpha', n: i, price: i, live: true, title: `common words about topic number ${i}` },
        }));
        const far = docs.map((d) => ({ d, s: similarity('cosine', query, d.vectors.a!) })).sort((x, y) => x.s - y.s)[0]!.d;
        far.payload['title'] = 'zymurgy fermentation handbook';
        await index.upsert(collection, docs);
        const plain = await index.search({ target: collection, slot: 'a', vector: query, k: 5 });
        expect(plain.map((h) => h.id)).not.toContain(far.id);
        const withText = await index.search({ target: collection, slot: 'a', vector: query, k: 5, text: 'zymurgy' });
        if (hybrid()) {
          expect(withText.slice(0, 3).map((h) => h.id)).toContain(far.id);
          for (let i = 1; i < withText.length; i++) expect(withText[i - 1]!.score).toBeGreaterThanOrEqual(withText[i]!.score);
        } else {
          expect(withText.map((h) => h.id)).toEqual(plain.map((h) => h.id));
        }
      }, timeout);
    });

    describe('aliases', () => {
      it('resolves, switches with compare-and-set, lists, refuses to drop an aliased collection, and deletes', async () => {
        const blue = await filled('blue', 5);
        const green = await filled('green', 7);
        const alias = `${prefix}_live_${++n}`;
        expect(await index.aliases.resolve(alias)).toBeUndefined();
        await expectCode(index.aliases.switch({ alias, to: green.collection, expect: blue.collection }), 'VECTOR_INDEX_ALIAS_CONFLICT');
        expect(await index.aliases.resolve(alias)).toBeUndefined();
        await index.aliases.switch({ alias, to: blue.collection, expect: null });
        expect(await index.aliases.resolve(alias)).toBe(blue.collection);
        expect(await index.count(alias)).toBe(5);
        const query = blue.docs[2]!.vectors.a!;
        expect((await index.search({ target: alias, slot: 'a', vector: query, k: 1 }))[0]?.id).toBe('doc-002');
        await expectCode(index.aliases.switch({ alias, to: green.collection, expect: null }), 'VECTOR_INDEX_ALIAS_CONFLICT');
        await expect(index.aliases.switch({ alias, to: green.collection, expect: green.collection })).rejects.toMatchObject({
          code: 'VECTOR_INDEX_ALIAS_CONFLICT',
          details: { alias, expected: green.collection, actual: blue.collection },
        });
        expect(await index.aliases.resolve(alias)).toBe(blue.collection);
        await index.aliases.switch({ alias, to: green.collection, expect: blue.collection });
        expect(await index.aliases.resolve(alias)).toBe(green.collection);
        expect(await index.count(alias)).toBe(7);
        expect(await index.aliases.list()).toContainEqual({ alias, collection: green.collection });
        await expectCode(index.dropCollection(green.collection), 'VECTOR_INDEX_ALIAS_CONFLICT');
        expect(await index.count(green.collection)).toBe(7);
        await index.aliases.switch({ alias, to: blue.collection });
        expect(await index.aliases.resolve(alias)).toBe(blue.collection);
        await index.aliases.delete(alias);
        await index.aliases.delete(alias);
        expect(await index.aliases.resolve(alias)).toBeUndefined();
        expect((await index.aliases.list()).map((a) => a.alias)).not.toContain(alias);
        await index.dropCollection(blue.collection);
        expect(await index.describeCollection(blue.collection)).toBeUndefined();
      }, timeout);

      it('refuses an alias to a missing collection or one named like a collection', async () => {
        const { collection } = await filled('aliastarget', 2);
        await expectCode(index.aliases.switch({ alias: `${prefix}_ghost_${++n}`, to: `${collection}_missing` }), 'VECTOR_INDEX_COLLECTION_NOT_FOUND');
        await expectCode(index.aliases.switch({ alias: collection, to: collection }), 'VECTOR_INDEX_INVALID_INPUT');
        await expectCode(index.aliases.switch({ alias: 'bad alias!', to: collection }), 'VECTOR_INDEX_INVALID_INPUT');
      }, timeout);
    });
  });
}
