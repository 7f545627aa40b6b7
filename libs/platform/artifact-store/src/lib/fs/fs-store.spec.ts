import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactStoreContract } from '../testing/contract.js';
import { createFsArtifactStore } from './fs-store.js';

const text = (s: string) => new TextEncoder().encode(s);
const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SHA_HELLO_WORLD = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

let parent: string;
let n = 0;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'artifact-store-fs-'));
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});
const freshRoot = () => join(parent, `root-${++n}`);

artifactStoreContract('fs', () => createFsArtifactStore({ root: freshRoot() }), {
  // Dropping the whole folder also removes anything a failed test left behind.
  cleanup: async () => undefined,
});

describe('createFsArtifactStore', () => {
  let root: string;
  beforeEach(() => {
    root = freshRoot();
  });

  it('writes the data file and then a <file>.meta.json sidecar holding sha256, content type and the data file name', async () => {
    const t = Date.UTC(2024, 4, 6, 7, 8, 9, 10);
    const store = createFsArtifactStore({ root, clock: { now: () => t } });
    await store.put('models/m/1/model.onnx', text('abc'), { contentType: 'application/onnx' });
    // '.' sorts before '~': the sidecar comes first.
    const files = (await readdir(join(root, 'models/m/1'))).sort().reverse();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^model\.onnx~[0-9a-f]{16}$/);
    expect(files[1]).toBe('model.onnx.meta.json');
    expect(await readFile(join(root, 'models/m/1', String(files[0])), 'utf8')).toBe('abc');
    expect(JSON.parse(await readFile(join(root, 'models/m/1/model.onnx.meta.json'), 'utf8'))).toEqual({
      version: 1,
      key: 'models/m/1/model.onnx',
      size: 3,
      sha256: SHA_ABC,
      contentType: 'application/onnx',
      createdAt: '2024-05-06T07:08:09.010Z',
      blob: files[0],
    });
  });

  it('removes the replaced data file on overwrite and both files on delete', async () => {
    const store = createFsArtifactStore({ root });
    await store.put('d/x.bin', text('abc'));
    const [firstBlob] = (await readdir(join(root, 'd'))).filter((f) => f.includes('~'));
    await store.put('d/x.bin', text('hello world'));
    const after = (await readdir(join(root, 'd'))).sort();
    expect(after).toHaveLength(2);
    expect(after).not.toContain(firstBlob);
    expect(await store.delete('d/x.bin')).toBe(true);
    expect(await readdir(join(root, 'd'))).toEqual([]);
  });

  it('a second store over the same root sees the same objects (another process, in production)', async () => {
    await createFsArtifactStore({ root }).put('shared/k.bin', text('hello world'));
    const other = createFsArtifactStore({ root });
    expect(await other.read('shared/k.bin')).toEqual(text('hello world'));
    expect(await other.list('shared/')).toEqual([expect.objectContaining({ key: 'shared/k.bin', sha256: SHA_HELLO_WORLD })]);
  });

  it('never shows what a crashed put left behind, and the previous version stays readable', async () => {
    const store = createFsArtifactStore({ root });
    await store.put('c/obj.bin', text('abc'));
    // A put that died while writing the data, and one that died after renaming its data into place
    // but before committing the sidecar; plus a brand-new key that only got as far as its data.
    await writeFile(join(root, 'c', 'obj.bin~00000000000000aa.part'), 'hel');
    await writeFile(join(root, 'c', 'obj.bin~00000000000000bb'), 'hello world');
    await writeFile(join(root, 'c', 'obj.bin~00000000000000cc.meta.part'), '{"version":1,');
    await writeFile(join(root, 'c', 'new.bin~00000000000000dd'), 'hello world');
    expect(await store.read('c/obj.bin')).toEqual(text('abc'));
    expect(await store.head('c/obj.bin')).toMatchObject({ sha256: SHA_ABC });
    expect(await store.head('c/new.bin')).toBeNull();
    expect((await store.list('')).map((i) => i.key)).toEqual(['c/obj.bin']);
    // A later put of the same key still works.
    await store.put('c/new.bin', text('abc'));
    expect(await store.read('c/new.bin')).toEqual(text('abc'));
  });

  it('reports damaged data or metadata as ARTIFACT_STORE_INTEGRITY', async () => {
    const store = createFsArtifactStore({ root });
    await store.put('i/data.bin', text('abc'));
    const blob = String((await readdir(join(root, 'i'))).find((f) => f.includes('~')));
    await writeFile(join(root, 'i', blob), 'abd');
    await expect(store.read('i/data.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', details: { key: 'i/data.bin', expectedSha256: SHA_ABC } });
    const { body } = await store.get('i/data.bin');
    const chunks: Buffer[] = [];
    await expect(
      (async () => {
        for await (const c of body) chunks.push(c as Buffer);
      })(),
    ).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY' });

    await rm(join(root, 'i', blob));
    await expect(store.read('i/data.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', message: expect.stringContaining(`its data file ${blob} is missing`) });

    const sidecarPath = join(root, 'i', 'data.bin.meta.json');
    const sidecar = JSON.parse(await readFile(sidecarPath, 'utf8')) as Record<string, unknown>;
    await writeFile(sidecarPath, JSON.stringify({ ...sidecar, blob: '../../outside~0000000000000000' }));
    await expect(store.head('i/data.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', message: expect.stringContaining('missing or malformed fields') });
    await writeFile(sidecarPath, '{');
    await expect(store.read('i/data.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', message: expect.stringContaining('not valid JSON') });
    // A damaged object can still be deleted, and then put again.
    expect(await store.delete('i/data.bin')).toBe(true);
    await store.put('i/data.bin', text('abc'));
    expect(await store.read('i/data.bin')).toEqual(text('abc'));
  });

  it('ignores stray files and folders that are not the store’s', async () => {
    const store = createFsArtifactStore({ root });
    await store.put('s/a.bin', text('abc'));
    await writeFile(join(root, 's', 'notes.txt'), 'x');
    await mkdir(join(root, 's', 'empty'), { recursive: true });
    expect((await store.list('s/')).map((i) => i.key)).toEqual(['s/a.bin']);
  });

  it('lists and reads nothing before the root exists', async () => {
    const store = createFsArtifactStore({ root: join(root, 'not-yet') });
    expect(await store.list('')).toEqual([]);
    expect(await store.head('a.bin')).toBeNull();
    await expect(store.read('a.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_NOT_FOUND', message: expect.stringContaining('in the file store at ') });
  });

  it('serialises concurrent puts of one key in a process: one version wins and no data file is orphaned', async () => {
    const store = createFsArtifactStore({ root });
    const bodies = Array.from({ length: 10 }, (_, i) => text(`version-${i}`));
    await Promise.all(bodies.map((b) => store.put('race/k.bin', b)));
    expect(await store.read('race/k.bin')).toEqual(text('version-9'));
    expect((await readdir(join(root, 'race'))).filter((f) => f.includes('~'))).toHaveLength(1);
  });

  it('lets a key and a longer key under it coexist (x.bin and x.bin/y.bin), unlike MinIO', async () => {
    const store = createFsArtifactStore({ root });
    await store.put('x.bin', text('abc'));
    await store.put('x.bin/y.bin', text('hello world'));
    expect(await store.read('x.bin')).toEqual(text('abc'));
    expect(await store.read('x.bin/y.bin')).toEqual(text('hello world'));
    expect((await store.list('x.bin')).map((i) => i.key)).toEqual(['x.bin', 'x.bin/y.bin']);
    expect(await store.delete('x.bin')).toBe(true);
    expect((await store.list('')).map((i) => i.key)).toEqual(['x.bin/y.bin']);
  });

  it('rejects a missing root option', () => {
    expect(() => createFsArtifactStore({ root: ' ' })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_STORE_INVALID_OPTIONS', message: 'Invalid artifact store option root: must be a non-empty folder path.' }),
    );
  });
});
