import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { artifactStoreContract } from '@embedding-studio/artifact-store/testing';
import { createFakeS3Client, s3Error, type FakeS3Client } from './testing/fake-s3-client.js';
import { createS3ArtifactStore, createS3ArtifactStoreWithClient, type S3ArtifactStoreOptions } from './s3-store.js';

const text = (s: string) => new TextEncoder().encode(s);
const SHA_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const base: S3ArtifactStoreOptions = { endpoint: 'http://s3.test:9000', region: 'us-east-1', bucket: 'artifacts', forcePathStyle: true };

// Every adapter line runs against a fake client here; the same contract runs against MinIO in
// s3-store.int-spec.ts. A page size of 2 makes every list span several ListObjectsV2 pages.
artifactStoreContract('s3 (fake client, prefix, 2 keys per page)', () =>
  createS3ArtifactStoreWithClient(createFakeS3Client(['artifacts']), { ...base, prefix: '/tenant-a/artifacts/', pageSize: 2 }),
);

describe('createS3ArtifactStoreWithClient', () => {
  let fake: FakeS3Client;
  beforeEach(() => {
    fake = createFakeS3Client(['artifacts']);
  });

  it('puts under the prefix with ChecksumSHA256, sha256 and created-at metadata and the content type', async () => {
    const t = Date.UTC(2024, 1, 3, 4, 5, 6, 7);
    const store = createS3ArtifactStoreWithClient(fake, { ...base, prefix: 'team/x' }, { clock: { now: () => t } });
    expect(store.prefix).toBe('team/x');
    const info = await store.put('models/m.onnx', text('abc'), { contentType: 'application/onnx' });
    expect(info).toEqual({ key: 'models/m.onnx', size: 3, sha256: SHA_ABC, contentType: 'application/onnx', createdAt: new Date(t) });
    const put = fake.sent.find((c) => c.name === 'PutObjectCommand');
    expect(put?.input).toMatchObject({
      Bucket: 'artifacts',
      Key: 'team/x/models/m.onnx',
      ContentType: 'application/onnx',
      ContentLength: 3,
      ChecksumSHA256: 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=',
      Metadata: { sha256: SHA_ABC, 'created-at': '2024-02-03T04:05:06.007Z' },
    });
    expect([...(fake.buckets.get('artifacts')?.keys() ?? [])]).toEqual(['team/x/models/m.onnx']);
    expect(await store.head('models/m.onnx')).toEqual(info);
  });

  it('keeps stores with different prefixes apart in one bucket', async () => {
    const a = createS3ArtifactStoreWithClient(fake, { ...base, prefix: 'a' });
    const b = createS3ArtifactStoreWithClient(fake, { ...base, prefix: 'ab' });
    await a.put('k.bin', text('abc'));
    await b.put('k.bin', text('hello world'));
    expect((await a.list('')).map((i) => i.key)).toEqual(['k.bin']);
    expect(await a.read('k.bin')).toEqual(text('abc'));
    expect(await b.read('k.bin')).toEqual(text('hello world'));
    const root = createS3ArtifactStoreWithClient(fake, base);
    expect((await root.list('')).map((i) => i.key)).toEqual(['a/k.bin', 'ab/k.bin']);
  });

  it('pages through ListObjectsV2 with the continuation token', async () => {
    const store = createS3ArtifactStoreWithClient(fake, { ...base, pageSize: 3 });
    for (let i = 0; i < 7; i++) await store.put(`p/${i}.bin`, text(String(i)));
    fake.sent.length = 0;
    expect((await store.list('p/')).map((i) => i.key)).toEqual(['p/0.bin', 'p/1.bin', 'p/2.bin', 'p/3.bin', 'p/4.bin', 'p/5.bin', 'p/6.bin']);
    const pages = fake.sent.filter((c) => c.name === 'ListObjectsV2Command').map((c) => c.input);
    expect(pages).toHaveLength(3);
    expect(pages[0]).toEqual({ Bucket: 'artifacts', Prefix: 'p/', MaxKeys: 3 });
    expect(pages[1]?.['ContinuationToken']).toEqual(expect.any(String));
  });

  it('skips keys an ArtifactStore never writes, and reports objects without its metadata', async () => {
    const store = createS3ArtifactStoreWithClient(fake, base);
    await store.put('ok/a.bin', text('abc'));
    const objects = fake.buckets.get('artifacts');
    objects?.set('ok/', { body: Buffer.alloc(0), metadata: {}, lastModified: new Date() });
    objects?.set('ok/with space', { body: Buffer.alloc(0), metadata: {}, lastModified: new Date() });
    expect((await store.list('ok/')).map((i) => i.key)).toEqual(['ok/a.bin']);
    objects?.set('ok/foreign.bin', { body: Buffer.from('abc'), metadata: {}, lastModified: new Date() });
    await expect(store.head('ok/foreign.bin')).rejects.toMatchObject({
      code: 'ARTIFACT_STORE_INTEGRITY',
      message: expect.stringContaining('has no valid x-amz-meta-sha256 (it was not written by an ArtifactStore)'),
    });
    expect(await store.delete('ok/foreign.bin')).toBe(true);
  });

  it('verifies bytes on read and at the end of a streamed get', async () => {
    const store = createS3ArtifactStoreWithClient(fake, base);
    await store.put('t.bin', text('abc'));
    const object = fake.buckets.get('artifacts')?.get('t.bin');
    if (object) object.body = Buffer.from('abd');
    await expect(store.read('t.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', details: { key: 't.bin', expectedSha256: SHA_ABC } });
    const { body } = await store.get('t.bin');
    await expect(
      (async () => {
        for await (const _ of body) void _;
      })(),
    ).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY' });
  });

  it('creates a missing bucket once when createBucket is set', async () => {
    const empty = createFakeS3Client();
    const store = createS3ArtifactStoreWithClient(empty, { ...base, bucket: 'fresh-bucket', createBucket: true });
    await Promise.all([store.put('a.bin', text('abc')), store.put('b.bin', text('abc'))]);
    expect(empty.sent.filter((c) => c.name === 'CreateBucketCommand')).toEqual([{ name: 'CreateBucketCommand', input: { Bucket: 'fresh-bucket' } }]);
    expect(empty.sent.filter((c) => c.name === 'HeadBucketCommand')).toHaveLength(1);
    expect((await store.list('')).map((i) => i.key)).toEqual(['a.bin', 'b.bin']);
    const other = createS3ArtifactStoreWithClient(empty, { ...base, region: 'eu-west-1', bucket: 'eu-bucket', createBucket: true });
    await other.head('x');
    expect(empty.sent.find((c) => c.name === 'CreateBucketCommand' && c.input['Bucket'] === 'eu-bucket')?.input).toEqual({
      Bucket: 'eu-bucket',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    });
  });

  it('retries bucket creation on the next call after a failure', async () => {
    const empty = createFakeS3Client();
    let failures = 1;
    empty.failWith = (name) => (name === 'HeadBucketCommand' && failures-- > 0 ? s3Error('ServiceUnavailable', 503, 'Please reduce your request rate.') : undefined);
    const store = createS3ArtifactStoreWithClient(empty, { ...base, createBucket: true });
    await expect(store.put('a.bin', text('abc'))).rejects.toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', details: { operation: 'HeadBucket' } });
    await store.put('a.bin', text('abc'));
    expect(await store.read('a.bin')).toEqual(text('abc'));
  });

  it('without createBucket, a missing bucket is an ARTIFACT_STORE_S3_REQUEST_FAILED that says how to fix it', async () => {
    const store = createS3ArtifactStoreWithClient(createFakeS3Client(), { ...base, bucket: 'missing' });
    await expect(store.put('a.bin', text('abc'))).rejects.toMatchObject({
      name: 'ArtifactStoreS3RequestError',
      code: 'ARTIFACT_STORE_S3_REQUEST_FAILED',
      category: 'internal',
      message:
        'S3 PutObject of "a.bin" at http://s3.test:9000 (bucket "missing") was refused: NoSuchBucket, HTTP 404, The specified bucket does not exist. Create the bucket, or set createBucket: true so the store creates it on first use.',
      details: { endpoint: 'http://s3.test:9000', bucket: 'missing', operation: 'PutObject', objectKey: 'a.bin', httpStatus: 404, s3Code: 'NoSuchBucket' },
    });
    await expect(store.read('a.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_S3_REQUEST_FAILED', details: { s3Code: 'NoSuchBucket' } });
  });

  it('turns network failures and 5xx answers into ARTIFACT_STORE_UNAVAILABLE naming endpoint and bucket', async () => {
    const store = createS3ArtifactStoreWithClient(fake, base);
    fake.failWith = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
    await expect(store.list('')).rejects.toMatchObject({
      name: 'ArtifactStoreUnavailableError',
      code: 'ARTIFACT_STORE_UNAVAILABLE',
      category: 'unavailable',
      message:
        'S3 ListObjectsV2 at http://s3.test:9000 (bucket "artifacts") failed: ECONNREFUSED, connect ECONNREFUSED 127.0.0.1:9000. The storage server is unreachable or overloaded; check that the endpoint is right and the server is running, then retry.',
      details: { endpoint: 'http://s3.test:9000', bucket: 'artifacts', operation: 'ListObjectsV2' },
    });
    fake.failWith = () => s3Error('InternalError', 500, 'We encountered an internal error.');
    await expect(store.head('a.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', details: { operation: 'HeadObject', objectKey: 'a.bin', httpStatus: 500 } });
    await expect(store.get('a.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', details: { operation: 'GetObject' } });
    fake.failWith = () => s3Error('AccessDenied', 403, 'Access Denied.');
    await expect(store.put('a.bin', text('abc'))).rejects.toMatchObject({
      code: 'ARTIFACT_STORE_S3_REQUEST_FAILED',
      message: expect.stringContaining('Check accessKeyId / secretAccessKey and that they may read and write this bucket.'),
    });
  });

  it('translates a connection that drops while a get streams', async () => {
    await createS3ArtifactStoreWithClient(fake, base).put('big.bin', new Uint8Array(300_000));
    let source: Readable | undefined;
    const dropping = {
      async send(command: unknown) {
        const out = (await fake.send(command)) as { Body?: Readable };
        if (!out.Body) return out;
        let sent = false;
        source = new Readable({
          read() {
            if (sent) this.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
            else this.push(Buffer.alloc(1024));
            sent = true;
          },
        });
        return { ...out, Body: source };
      },
      destroy: () => undefined,
    };
    const store = createS3ArtifactStoreWithClient(dropping, base);
    const { body } = await store.get('big.bin');
    await expect(
      (async () => {
        for await (const _ of body) void _;
      })(),
    ).rejects.toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE', details: { operation: 'GetObject', objectKey: 'big.bin' }, message: expect.stringContaining('ECONNRESET') });
    await expect(store.read('big.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_UNAVAILABLE' });
    expect(source?.destroyed).toBe(true);
  });

  it('releases the response stream when a reader stops early', async () => {
    await createS3ArtifactStoreWithClient(fake, base).put('big.bin', new Uint8Array(300_000));
    let source: Readable | undefined;
    const spying = {
      async send(command: unknown) {
        const out = (await fake.send(command)) as { Body?: Readable };
        source = out.Body;
        return out;
      },
      destroy: () => undefined,
    };
    const { body } = await createS3ArtifactStoreWithClient(spying, base).get('big.bin');
    for await (const _ of body) break;
    await new Promise((r) => setImmediate(r));
    expect(source?.destroyed).toBe(true);
  });

  it('closes the client', () => {
    const store = createS3ArtifactStoreWithClient(fake, base);
    store.close();
    expect(fake.destroyed).toBe(true);
  });

  it('returns the sha256 of the bytes, checked against Node’s hash for a larger body', async () => {
    const store = createS3ArtifactStoreWithClient(fake, base);
    const body = new Uint8Array(100_000).map((_, i) => (i * 7) % 251);
    const info = await store.put('h.bin', body);
    expect(info.sha256).toBe(createHash('sha256').update(body).digest('hex'));
  });
});

describe('createS3ArtifactStore options', () => {
  it.each([
    [{ ...base, region: '' }, 'region', 'Invalid artifact store option region: must be a non-empty region name such as "us-east-1".'],
    [{ ...base, bucket: 'Bad_Bucket' }, 'bucket', 'Invalid artifact store option bucket: "Bad_Bucket" is not a bucket name (3–63 characters: a-z 0-9 . -, starting and ending with a letter or digit).'],
    [{ ...base, endpoint: 'localhost:9000' }, 'endpoint', 'Invalid artifact store option endpoint: "localhost:9000" is not an http(s) URL such as "http://127.0.0.1:9000".'],
    [{ ...base, accessKeyId: 'id' }, 'secretAccessKey', 'Invalid artifact store option secretAccessKey: accessKeyId and secretAccessKey go together; give both or neither.'],
    [{ ...base, prefix: 'a/../b' }, 'prefix', 'Invalid artifact store option prefix: "a/../b" breaks the key rules: a key must not contain a ".." segment.'],
    [{ ...base, pageSize: 0 }, 'pageSize', 'Invalid artifact store option pageSize: must be an integer in 1..1000, got 0.'],
    [{ ...base, maxAttempts: 0 }, 'maxAttempts', 'Invalid artifact store option maxAttempts: must be an integer ≥ 1, got 0.'],
  ] as [S3ArtifactStoreOptions, string, string][])('rejects %j', (options, option, message) => {
    expect(() => createS3ArtifactStore(options)).toThrow(expect.objectContaining({ code: 'ARTIFACT_STORE_INVALID_OPTIONS', details: { option }, message }));
  });

  it('builds a store without sending anything', () => {
    const store = createS3ArtifactStore({ ...base, accessKeyId: 'id', secretAccessKey: 'secret', prefix: 'x' });
    expect(store.bucket).toBe('artifacts');
    expect(store.prefix).toBe('x');
    store.close();
  });
});
