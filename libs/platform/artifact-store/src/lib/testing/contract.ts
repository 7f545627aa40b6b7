import { createHash } from 'node:crypto';
import type { ArtifactStore } from '../artifact-store.js';

/** Options of {@link artifactStoreContract}. */
export interface ArtifactStoreContractOptions {
  /**
   * Called after each test with the store it used (e.g. to drop a bucket prefix or a temp folder).
   * @defaultValue deletes every object `list('')` returns
   */
  cleanup?: (store: ArtifactStore) => Promise<void>;
  /**
   * Per-test timeout in milliseconds (the 5 MiB round trip goes over the network for remote stores).
   * @defaultValue `30_000`
   */
  timeoutMs?: number;
}

const text = (s: string) => new TextEncoder().encode(s);
const SHA_EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA_HELLO_WORLD = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';
const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
/** sha256 of {@link pseudoRandomBytes}(5 MiB + 3, 0x9e3779b9), computed once and pinned. */
const SHA_BIG = 'aee20347fd29f25c70c62c19c503bbfeb7b59a139cd5853e3d73af150f99a067';
const BIG_SIZE = 5 * 1024 * 1024 + 3;

/** Deterministic bytes (xorshift32), so the big-blob test has a pinned sha256. */
export function pseudoRandomBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    for (let j = 0; j < 4 && i + j < size; j++) out[i + j] = (x >>> (8 * j)) & 255;
  }
  return out;
}

async function collect(stream: NodeJS.ReadableStream): Promise<{ bytes: Uint8Array; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  const joined = Buffer.concat(parts);
  return { bytes: new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength), chunks: parts.length };
}

const BAD_KEYS: [string, RegExp][] = [
  ['', /must not be empty/],
  ['/abs/path.bin', /must not start with "\/"/],
  ['folder/', /must not end with "\/"/],
  ['a//b.bin', /empty segment/],
  ['a/../b.bin', /"\.\." segment/],
  ['..', /"\.\." segment/],
  ['./a.bin', /"\." segment/],
  ['with space.bin', /holds " "/],
  ['back\\slash.bin', /holds "\\\\"/],
  ['ümlaut.bin', /holds "ü"/],
  ['tilde~1.bin', /holds "~"/],
  ['models/model.onnx.meta.json', /reserved for metadata files/],
  ['k'.repeat(513), /at most 512 characters/],
  [`${'s'.repeat(201)}/x.bin`, /at most 200 characters/],
];

/**
 * The behaviour every {@link ArtifactStore} must show. Run it from an adapter's tests:
 * `artifactStoreContract('s3', () => createS3ArtifactStore({...}))`. Each test gets a fresh store
 * from `makeStore`, which should point at an empty namespace (a new folder, bucket prefix or
 * in-memory instance).
 */
export function artifactStoreContract(name: string, makeStore: () => ArtifactStore | Promise<ArtifactStore>, options: ArtifactStoreContractOptions = {}): void {
  const timeout = options.timeoutMs ?? 30_000;
  const cleanup =
    options.cleanup ??
    (async (store: ArtifactStore) => {
      for (const info of await store.list('')) await store.delete(info.key);
    });

  describe(`ArtifactStore contract: ${name}`, () => {
    let store: ArtifactStore;
    beforeEach(async () => {
      store = await makeStore();
    }, timeout);
    afterEach(async () => {
      if (store) await cleanup(store);
    }, timeout);

    it('round-trips bytes and returns the same info from put, head, get and list', async () => {
      const put = await store.put('models/query-adapter/3/weights.bin', text('hello world'), { contentType: 'application/x.test; v=1' });
      expect(put).toEqual({
        key: 'models/query-adapter/3/weights.bin',
        size: 11,
        sha256: SHA_HELLO_WORLD,
        contentType: 'application/x.test; v=1',
        createdAt: expect.any(Date),
      });
      expect(Number.isNaN(put.createdAt.getTime())).toBe(false);
      expect(await store.read('models/query-adapter/3/weights.bin')).toEqual(text('hello world'));
      expect(await store.head('models/query-adapter/3/weights.bin')).toEqual(put);
      const got = await store.get('models/query-adapter/3/weights.bin');
      expect(got.info).toEqual(put);
      expect((await collect(got.body)).bytes).toEqual(text('hello world'));
      expect(await store.list('models/')).toEqual([put]);
    }, timeout);

    it('stores application/octet-stream when no content type is given, and keeps empty bodies', async () => {
      const info = await store.put('empty.bin', new Uint8Array(0));
      expect(info).toMatchObject({ size: 0, sha256: SHA_EMPTY, contentType: 'application/octet-stream' });
      expect(await store.read('empty.bin')).toEqual(new Uint8Array(0));
      expect((await collect((await store.get('empty.bin')).body)).bytes).toEqual(new Uint8Array(0));
      expect(await store.head('empty.bin')).toMatchObject({ size: 0, sha256: SHA_EMPTY, contentType: 'application/octet-stream' });
    }, timeout);

    it('round-trips a 5 MiB blob through read and a streaming get', async () => {
      const big = pseudoRandomBytes(BIG_SIZE, 0x9e3779b9);
      const info = await store.put('datasets/big/part-0.bin', big);
      expect(info).toMatchObject({ size: BIG_SIZE, sha256: SHA_BIG });
      const read = await store.read('datasets/big/part-0.bin');
      expect(read.byteLength).toBe(BIG_SIZE);
      expect(createHash('sha256').update(read).digest('hex')).toBe(SHA_BIG);
      expect(Buffer.compare(Buffer.from(read), Buffer.from(big))).toBe(0);
      const got = await store.get('datasets/big/part-0.bin');
      expect(got.info).toMatchObject({ size: BIG_SIZE, sha256: SHA_BIG });
      const streamed = await collect(got.body);
      expect(streamed.chunks).toBeGreaterThan(1);
      expect(createHash('sha256').update(streamed.bytes).digest('hex')).toBe(SHA_BIG);
    }, timeout);

    it('copies the caller’s buffer: changing it after put does not change the object', async () => {
      const body = text('abc');
      await store.put('copy.txt', body);
      body[0] = 0x7a;
      expect(await store.read('copy.txt')).toEqual(text('abc'));
      expect((await store.head('copy.txt'))?.sha256).toBe(SHA_ABC);
    }, timeout);

    it('overwrites: the new bytes, size, sha256 and content type replace the old ones', async () => {
      await store.put('reports/eval.json', text('hello world'), { contentType: 'application/json' });
      const second = await store.put('reports/eval.json', text('abc'), { contentType: 'text/plain' });
      expect(second).toMatchObject({ size: 3, sha256: SHA_ABC, contentType: 'text/plain' });
      expect(await store.read('reports/eval.json')).toEqual(text('abc'));
      expect(await store.head('reports/eval.json')).toEqual(second);
      expect(await store.list('reports/')).toEqual([second]);
    }, timeout);

    it('head returns null, get/read reject with ARTIFACT_STORE_NOT_FOUND, delete returns false for a missing key', async () => {
      expect(await store.head('nothing/here.bin')).toBeNull();
      for (const op of [() => store.get('nothing/here.bin'), () => store.read('nothing/here.bin')]) {
        await expect(op()).rejects.toMatchObject({
          name: 'ArtifactNotFoundError',
          code: 'ARTIFACT_STORE_NOT_FOUND',
          category: 'not-found',
          details: expect.objectContaining({ key: 'nothing/here.bin' }),
          message: expect.stringContaining('"nothing/here.bin"'),
        });
      }
      expect(await store.delete('nothing/here.bin')).toBe(false);
    }, timeout);

    it('delete removes the object, returns true once and is idempotent', async () => {
      await store.put('tmp/a.bin', text('abc'));
      await store.put('tmp/b.bin', text('abc'));
      expect(await store.delete('tmp/a.bin')).toBe(true);
      expect(await store.delete('tmp/a.bin')).toBe(false);
      expect(await store.head('tmp/a.bin')).toBeNull();
      await expect(store.read('tmp/a.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_NOT_FOUND' });
      expect((await store.list('tmp/')).map((i) => i.key)).toEqual(['tmp/b.bin']);
      await store.put('tmp/a.bin', text('hello world'));
      expect(await store.read('tmp/a.bin')).toEqual(text('hello world'));
    }, timeout);

    it('lists by plain string prefix, sorted by key', async () => {
      const keys = ['b/2.bin', 'a/2.bin', 'ab.bin', 'a/10.bin', 'a/1.bin', 'c.bin', 'a/sub/x.bin', 'A.bin', 'a-b/1.bin', 'a.bin'];
      for (const key of keys) await store.put(key, text(key));
      const all = await store.list('');
      expect(all.map((i) => i.key)).toEqual(['A.bin', 'a-b/1.bin', 'a.bin', 'a/1.bin', 'a/10.bin', 'a/2.bin', 'a/sub/x.bin', 'ab.bin', 'b/2.bin', 'c.bin']);
      expect((await store.list('a/')).map((i) => i.key)).toEqual(['a/1.bin', 'a/10.bin', 'a/2.bin', 'a/sub/x.bin']);
      expect((await store.list('a')).map((i) => i.key)).toEqual(['a-b/1.bin', 'a.bin', 'a/1.bin', 'a/10.bin', 'a/2.bin', 'a/sub/x.bin', 'ab.bin']);
      expect((await store.list('a/1')).map((i) => i.key)).toEqual(['a/1.bin', 'a/10.bin']);
      expect((await store.list('a/sub/x.bin')).map((i) => i.key)).toEqual(['a/sub/x.bin']);
      expect(await store.list('zzz/')).toEqual([]);
      const one = all.find((i) => i.key === 'a/10.bin');
      expect(one).toEqual(await store.head('a/10.bin'));
      expect(one).toMatchObject({ size: 8, sha256: createHash('sha256').update('a/10.bin').digest('hex') });
    }, timeout);

    it('accepts the longest key and every allowed character', async () => {
      const longest = `${'a'.repeat(200)}/${'b'.repeat(200)}/${'c'.repeat(110)}`;
      expect(longest).toHaveLength(512);
      await store.put(longest, text('abc'));
      expect(await store.read(longest)).toEqual(text('abc'));
      const odd = 'AZaz09._-/.hidden/..x/-';
      await store.put(odd, text('hello world'));
      expect(await store.head(odd)).toMatchObject({ key: odd, sha256: SHA_HELLO_WORLD });
    }, timeout);

    it.each(BAD_KEYS)('rejects the bad key %j in every method with ARTIFACT_STORE_INVALID_KEY', async (key, rule) => {
      const calls: (() => Promise<unknown>)[] = [
        () => store.put(key, text('abc')),
        () => store.get(key),
        () => store.read(key),
        () => store.head(key),
        () => store.delete(key),
      ];
      for (const call of calls) {
        const error = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ name: 'ArtifactInvalidKeyError', code: 'ARTIFACT_STORE_INVALID_KEY', category: 'input', details: { key, rule: expect.stringMatching(rule) } });
        expect((error as Error).message).toMatch(rule);
      }
      expect(await store.list('')).toEqual([]);
    }, timeout);

    it('rejects bad list prefixes and bad content types', async () => {
      for (const prefix of ['/a', 'a//', '../', 'a/./', 'sp ace', 'x~']) {
        await expect(store.list(prefix)).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INVALID_KEY', details: { prefix } });
      }
      for (const contentType of ['', ' text/plain', 'text/plain\r\nx-evil: 1', 't'.repeat(256)]) {
        await expect(store.put('ct.bin', text('abc'), { contentType })).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INVALID_CONTENT_TYPE', category: 'input' });
      }
      expect(await store.head('ct.bin')).toBeNull();
    }, timeout);

    it('keeps every object when different keys are put concurrently', async () => {
      const keys = Array.from({ length: 24 }, (_, i) => `parallel/${String(i).padStart(2, '0')}.bin`);
      const infos = await Promise.all(keys.map((key, i) => store.put(key, pseudoRandomBytes(1000 + i * 97, i + 1))));
      expect(infos.map((i) => i.key)).toEqual(keys);
      const listed = await store.list('parallel/');
      expect(listed.map((i) => i.key)).toEqual(keys);
      for (const [i, key] of keys.entries()) {
        expect(await store.read(key)).toEqual(pseudoRandomBytes(1000 + i * 97, i + 1));
        expect(listed[i]?.sha256).toBe(createHash('sha256').update(pseudoRandomBytes(1000 + i * 97, i + 1)).digest('hex'));
      }
    }, timeout);

    it('never shows a reader a mix of two versions while a key is overwritten', async () => {
      const a = pseudoRandomBytes(64 * 1024 + 1, 7);
      const b = pseudoRandomBytes(200 * 1024 + 5, 8);
      const shaA = createHash('sha256').update(a).digest('hex');
      const shaB = createHash('sha256').update(b).digest('hex');
      await store.put('flip/blob.bin', a);
      let writing = true;
      const writer = (async () => {
        try {
          for (let i = 0; i < 8; i++) await store.put('flip/blob.bin', i % 2 === 0 ? b : a);
        } finally {
          writing = false;
        }
      })();
      const seen = new Set<string>();
      while (writing) {
        const [bytes, got] = await Promise.all([store.read('flip/blob.bin'), store.get('flip/blob.bin')]);
        seen.add(createHash('sha256').update(bytes).digest('hex'));
        const streamed = await collect(got.body);
        const sha = createHash('sha256').update(streamed.bytes).digest('hex');
        expect(sha).toBe(got.info.sha256);
        seen.add(sha);
      }
      await writer;
      for (const sha of seen) expect([shaA, shaB]).toContain(sha);
      expect(await store.head('flip/blob.bin')).toMatchObject({ sha256: shaA, size: a.byteLength });
    }, timeout);
  });
}
