import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '@embedding-studio/primitives';
import { readModelManifest, resolveModelsCacheDir, sha256File, verifyModelDir } from './model-dir.js';
import { DEFAULT_MODEL_NAME, getModelSpec, listModelNames, manifestOf } from './registry.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'model-dir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// sha256("abc") and sha256("") from FIPS 180-2.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('resolveModelsCacheDir', () => {
  it('prefers ES_MODELS_CACHE, else ~/.cache/embedding-studio/models', () => {
    expect(resolveModelsCacheDir({ env: { ES_MODELS_CACHE: '/data/models' }, homeDir: '/home/u' })).toBe('/data/models');
    expect(resolveModelsCacheDir({ env: { ES_MODELS_CACHE: ' ' }, homeDir: '/home/u' })).toBe('/home/u/.cache/embedding-studio/models');
    expect(resolveModelsCacheDir({ homeDir: '/home/u' })).toBe('/home/u/.cache/embedding-studio/models');
  });
});

describe('sha256', () => {
  it('hashes bytes and files', async () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe(ABC);
    await writeFile(join(dir, 'f'), '');
    expect(await sha256File(join(dir, 'f'))).toBe(EMPTY);
  });
});

describe('verifyModelDir', () => {
  const manifest = { name: 'm', files: { 'a.txt': { sha256: ABC, bytes: 3 }, 'b.txt': { sha256: EMPTY, bytes: 0 } } };

  it('returns the hashes when every file matches', async () => {
    await writeFile(join(dir, 'a.txt'), 'abc');
    await writeFile(join(dir, 'b.txt'), '');
    expect(await verifyModelDir(dir, manifest)).toEqual({ dir, sha256: { 'a.txt': ABC, 'b.txt': EMPTY } });
  });

  it('lists missing files and says how to fetch them', async () => {
    await writeFile(join(dir, 'a.txt'), 'abc');
    await expect(verifyModelDir(dir, manifest)).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_MODEL_FILES_MISSING',
      details: { missing: ['b.txt'] },
      message: expect.stringContaining('node tools/models/fetch-model.mjs m'),
    });
  });

  it('names a file whose content differs from the pin', async () => {
    await writeFile(join(dir, 'a.txt'), 'abd');
    await writeFile(join(dir, 'b.txt'), '');
    await expect(verifyModelDir(dir, manifest)).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_MODEL_FILE_HASH_MISMATCH',
      details: { file: join(dir, 'a.txt'), expected: ABC },
    });
  });
});

describe('readModelManifest', () => {
  it('returns undefined without a manifest and rejects a malformed one', async () => {
    expect(await readModelManifest(dir)).toBeUndefined();
    await writeFile(join(dir, 'manifest.json'), '{"id": 3}');
    await expect(readModelManifest(dir)).rejects.toMatchObject({ code: 'MODEL_RUNTIME_ONNX_INVALID_OPTION' });
  });

  it('reads what manifestOf writes', async () => {
    const m = manifestOf(getModelSpec(DEFAULT_MODEL_NAME));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(m));
    expect(await readModelManifest(dir)).toEqual(m);
  });
});

describe('registry', () => {
  it('describes all-MiniLM-L6-v2 as sentence-transformers does', () => {
    expect(listModelNames()).toContain('all-minilm-l6-v2');
    const spec = getModelSpec('all-minilm-l6-v2');
    expect(spec).toMatchObject({ id: 'sentence-transformers/all-MiniLM-L6-v2', dimension: 384, pooling: 'mean', normalize: true, maxLength: 256, license: 'Apache-2.0' });
    expect(Object.keys(spec.files)).toEqual(expect.arrayContaining(['model.onnx', 'tokenizer.json']));
    // Every source provides every raw file, and every hash is a sha256.
    for (const source of spec.sources) expect(Object.keys(source.files).sort()).toEqual(Object.keys(spec.sourceFiles).sort());
    for (const f of [...Object.values(spec.files), ...Object.values(spec.sourceFiles)]) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
