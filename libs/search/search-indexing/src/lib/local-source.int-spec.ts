import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalJsonlSource } from './local-source.js';
import { splitLines } from './lines.js';

describe('local JSONL source', () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'search-indexing-'));
    root = join(base, 'imports');
    await mkdir(join(root, 'set'), { recursive: true });
    await writeFile(join(root, 'set', 'b.jsonl'), '{"id":"b1"}\n{"id":"b2"}\n');
    await writeFile(join(root, 'set', 'a.ndjson'), '{"id":"a1"}\n');
    await writeFile(join(root, 'set', 'notes.txt'), 'not jsonl');
    await mkdir(join(root, 'empty'));
    await writeFile(join(base, 'secret.jsonl'), '{"id":"s"}\n');
    await symlink(join(base, 'secret.jsonl'), join(root, 'link.jsonl'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('lists the JSONL files of a folder, sorted, with sizes, and reads one from an offset', async () => {
    const source = await openLocalJsonlSource({ root, path: 'set' });
    expect(await source.list()).toEqual([
      { key: join('set', 'a.ndjson'), size: 12 },
      { key: join('set', 'b.jsonl'), size: 24 },
    ]);
    const lines = [];
    for await (const l of splitLines(source.open(join('set', 'b.jsonl'), 12, new AbortController().signal), 12, 1)) lines.push(l);
    expect(lines).toEqual([{ text: '{"id":"b2"}', number: 2, end: 24 }]);
  });

  it('takes an absolute path inside the root', async () => {
    const source = await openLocalJsonlSource({ root, path: join(root, 'set', 'b.jsonl') });
    expect((await source.list()).map((u) => u.key)).toEqual([join('set', 'b.jsonl')]);
  });

  it.each([
    ['../secret.jsonl', 'SEARCH_INDEXING_SOURCE_REFUSED'],
    ['link.jsonl', 'SEARCH_INDEXING_SOURCE_REFUSED'],
    ['/etc/passwd', 'SEARCH_INDEXING_SOURCE_REFUSED'],
    ['missing.jsonl', 'SEARCH_INDEXING_SOURCE_REFUSED'],
    ['empty', 'SEARCH_INDEXING_SOURCE_EMPTY'],
  ])('refuses %s with %s naming source.jsonl_path', async (path, code) => {
    await expect(openLocalJsonlSource({ root, path })).rejects.toMatchObject({ code, details: { field: 'source.jsonl_path' } });
  });
});
