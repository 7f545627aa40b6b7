import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@embedding-studio/errors';
import { aResult, aSessionWithEvents } from '@embedding-studio/clickstream-core/testing';
import { textFromFields, type Item, type ItemLoader } from './item.js';
import { createJsonlItemLoader } from './jsonl-loader.js';
import { loadItems } from './load-items.js';
import { createMemoryItemLoader } from './memory-loader.js';
import { createMetaItemLoader } from './meta-loader.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('textFromFields', () => {
  it('joins non-empty fields, follows dotted paths, stringifies scalars', () => {
    const rec = { title: ' Title ', text: 'Body', n: 3, empty: '', nested: { a: { b: 'deep' } }, tags: ['x', 'y'], obj: { z: 1 } };
    expect(textFromFields(rec, ['title', 'text'])).toBe('Title Body');
    expect(textFromFields(rec, ['empty', 'missing', 'obj', 'n'], '\n')).toBe('3');
    expect(textFromFields(rec, 'nested.a.b')).toBe('deep');
    expect(textFromFields(rec, 'tags')).toBe('x y');
    expect(textFromFields({ 'a.b': 'literal' }, 'a.b')).toBe('literal');
    expect(textFromFields(null, 'x')).toBe('');
  });
});

describe('loadItems', () => {
  const items: Item[] = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: `text ${id}` }));

  it('batches, de-duplicates, reports progress and missing ids', async () => {
    const memory = createMemoryItemLoader(items);
    const calls: string[][] = [];
    const spy: ItemLoader = {
      source: 'spy',
      load: (ids) => {
        calls.push([...ids]);
        return memory.load(ids);
      },
    };
    const progress: number[] = [];
    const res = await loadItems(spy, ['a', 'b', 'a', 'x', 'c'], { batchSize: 2, onProgress: (p) => progress.push(p.requested) });
    expect(calls).toEqual([['a', 'b'], ['x', 'c']]);
    expect([...res.items.keys()]).toEqual(['a', 'b', 'c']);
    expect(res.items.get('c')).toEqual({ id: 'c', text: 'text c' });
    expect(res.missing).toEqual(['x']);
    expect(progress).toEqual([2, 4]);
  });

  it('throws DATA_LOADERS_ITEMS_NOT_FOUND in strict mode only', async () => {
    const loader = createMemoryItemLoader(new Map(items.map((i) => [i.id, i])));
    expect(await codeOf(loadItems(loader, ['a', 'nope'], { strict: true }))).toBe('DATA_LOADERS_ITEMS_NOT_FOUND');
    expect((await loadItems(loader, ['a', 'nope'])).missing).toEqual(['nope']);
    expect(await codeOf(loadItems(loader, ['a'], { batchSize: 0 }))).toBe('DATA_LOADERS_INVALID_OPTION');
  });
});

describe('createJsonlItemLoader', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-loaders-jsonl-'));
    file = join(dir, 'corpus.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ _id: 'd1', title: 'Aspirin', text: 'reduces fever.', metadata: { year: 1999 } }),
        '',
        JSON.stringify({ id: 42, title: '', text: 'Numeric id.' }),
        JSON.stringify({ _id: 'd3', text: 'No title.' }),
        JSON.stringify({ _id: 'd1', title: 'Duplicate', text: 'ignored' }),
      ].join('\n') + '\n',
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the requested items, joining title and text', async () => {
    const loader = createJsonlItemLoader({ path: file });
    const res = await loadItems(loader, ['d3', '42', 'd1', 'missing']);
    expect(res.items.get('d1')).toEqual({ id: 'd1', text: 'Aspirin reduces fever.' });
    expect(res.items.get('42')).toEqual({ id: '42', text: 'Numeric id.' });
    expect(res.items.get('d3')).toEqual({ id: 'd3', text: 'No title.' });
    expect(res.missing).toEqual(['missing']);
  });

  it('selects fields, keeps the record on request, and returns nothing for no ids', async () => {
    const loader = createJsonlItemLoader({ path: file, textFields: ['text', 'metadata.year'], separator: ' | ', keepRecord: true });
    const got = await loader.load(['d1']);
    expect(got.get('d1')?.text).toBe('reduces fever. | 1999');
    expect(got.get('d1')?.data).toMatchObject({ title: 'Aspirin' });
    expect((await loader.load([])).size).toBe(0);
  });

  it('reports a malformed line with its number, and a missing file', async () => {
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, `${JSON.stringify({ _id: 'ok', text: 'x' })}\n{not json\n`);
    let caught: unknown;
    try {
      await createJsonlItemLoader({ path: bad }).load(['zzz']);
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, 'DATA_LOADERS_INVALID_ITEM_FILE')).toBe(true);
    expect((caught as Error).message).toContain('bad.jsonl:2');
    const noId = join(dir, 'noid.jsonl');
    await writeFile(noId, `${JSON.stringify({ title: 'x' })}\n`);
    expect(await codeOf(createJsonlItemLoader({ path: noId }).load(['a']))).toBe('DATA_LOADERS_INVALID_ITEM_FILE');
    expect(await codeOf(createJsonlItemLoader({ path: join(dir, 'absent.jsonl') }).load(['a']))).toBe('DATA_LOADERS_ITEM_FILE_NOT_FOUND');
  });
});

describe('createMetaItemLoader', () => {
  const sessions = [
    aSessionWithEvents({ results: [aResult('a', 1, { title: 'Red shoes', text: 'Running', extra: { sku: 'A-1' } }), aResult('b', 2, null), aResult('c', 3, { title: '' })] }),
    aSessionWithEvents({ results: [aResult('a', 1, { title: 'Other', text: 'later' }), aResult('b', 2, { text: 'Blue hat' })] }),
  ];

  it('reads text from result meta (first non-empty wins); items without text are missing', async () => {
    const res = await loadItems(createMetaItemLoader(sessions), ['a', 'b', 'c']);
    expect(res.items.get('a')).toEqual({ id: 'a', text: 'Running' });
    expect(res.items.get('b')).toEqual({ id: 'b', text: 'Blue hat' });
    expect(res.missing).toEqual(['c']);
  });

  it('joins a list of fields and follows dotted paths', async () => {
    const loader = createMetaItemLoader(sessions, { fields: ['title', 'text', 'extra.sku'], separator: ' / ', keepMeta: true });
    const got = await loader.load(['a']);
    expect(got.get('a')?.text).toBe('Red shoes / Running / A-1');
    expect(got.get('a')?.data).toMatchObject({ title: 'Red shoes' });
    expect(() => createMetaItemLoader(sessions, { fields: [] })).toThrow(/fields/);
  });
});
