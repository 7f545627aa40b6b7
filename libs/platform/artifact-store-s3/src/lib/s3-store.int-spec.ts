// Runs the ArtifactStore contract and S3-specific checks against the real S3 server in S3_ENDPOINT
// (MinIO from tools/services). Without it the suite fails; it never skips.
import { randomUUID } from 'node:crypto';
import { DeleteBucketCommand, DeleteObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { artifactStoreContract } from '@embedding-studio/artifact-store/testing';
import { assertS3Reachable, s3TestConnectionFromEnv } from './testing/test-env.js';
import { createS3ArtifactStore, type S3ArtifactStore } from './s3-store.js';

const connection = s3TestConnectionFromEnv();
await assertS3Reachable(connection);

const run = randomUUID().slice(0, 8);
const bucket = `es-artifact-store-test-${run}`;
const raw = new S3Client({
  endpoint: connection.endpoint,
  region: connection.region,
  forcePathStyle: connection.forcePathStyle,
  credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
});
const stores: S3ArtifactStore[] = [];
let n = 0;
const makeStore = (prefix = `contract/${++n}`) => {
  const store = createS3ArtifactStore({ ...connection, bucket, prefix, createBucket: true, pageSize: 5 });
  stores.push(store);
  return store;
};
const text = (s: string) => new TextEncoder().encode(s);

afterAll(async () => {
  for (const store of stores) store.close();
  // Empty and drop this run's bucket.
  let token: string | undefined;
  do {
    const page = await raw.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) })).catch(() => undefined);
    for (const o of page?.Contents ?? []) await raw.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    token = page?.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  await raw.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
  raw.destroy();
});

// Page size 5 makes the list tests span several ListObjectsV2 pages.
artifactStoreContract(`s3 at ${connection.endpoint}`, () => makeStore(), { timeoutMs: 60_000 });

describe('S3 store against the real server', () => {
  it('created the bucket on first use and stores sha256 as object metadata and as the server-checked ChecksumSHA256', async () => {
    const store = makeStore('meta');
    const info = await store.put('m/x.bin', text('abc'), { contentType: 'text/plain' });
    await raw.send(new HeadBucketCommand({ Bucket: bucket }));
    const head = await raw.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta/m/x.bin', ChecksumMode: 'ENABLED' }));
    expect(head.Metadata).toEqual({ sha256: info.sha256, 'created-at': info.createdAt.toISOString() });
    expect(head.ChecksumSHA256).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(head.ContentType).toBe('text/plain');
  });

  it('reports bytes changed behind its back as ARTIFACT_STORE_INTEGRITY', async () => {
    const store = makeStore('tamper');
    const info = await store.put('t.bin', text('abc'));
    await raw.send(new PutObjectCommand({ Bucket: bucket, Key: 'tamper/t.bin', Body: text('abd'), Metadata: { sha256: info.sha256 } }));
    await expect(store.read('t.bin')).rejects.toMatchObject({ code: 'ARTIFACT_STORE_INTEGRITY', details: { key: 't.bin' } });
  });

  it('turns an unreachable endpoint into ARTIFACT_STORE_UNAVAILABLE naming endpoint and bucket', async () => {
    const store = createS3ArtifactStore({ ...connection, endpoint: 'http://127.0.0.1:1', bucket, maxAttempts: 1, connectionTimeoutMs: 2_000 });
    await expect(store.head('a.bin')).rejects.toMatchObject({
      code: 'ARTIFACT_STORE_UNAVAILABLE',
      category: 'unavailable',
      details: { endpoint: 'http://127.0.0.1:1', bucket, operation: 'HeadObject' },
      message: expect.stringMatching(new RegExp(`at http://127\\.0\\.0\\.1:1 \\(bucket "${bucket}"\\) failed: .*ECONNREFUSED`)),
    });
    store.close();
  });

  it('turns wrong credentials into ARTIFACT_STORE_S3_REQUEST_FAILED with a hint', async () => {
    const store = createS3ArtifactStore({ ...connection, accessKeyId: 'nobody', secretAccessKey: 'wrong-secret', bucket, maxAttempts: 1 });
    await expect(store.put('a.bin', text('abc'))).rejects.toMatchObject({
      code: 'ARTIFACT_STORE_S3_REQUEST_FAILED',
      details: { s3Code: 'InvalidAccessKeyId', httpStatus: 403 },
      message: expect.stringContaining('Check accessKeyId / secretAccessKey'),
    });
    store.close();
  });

  it('without createBucket, a missing bucket says how to fix it', async () => {
    const store = createS3ArtifactStore({ ...connection, bucket: `${bucket}-absent`, maxAttempts: 1 });
    await expect(store.put('a.bin', text('abc'))).rejects.toMatchObject({ code: 'ARTIFACT_STORE_S3_REQUEST_FAILED', details: { s3Code: 'NoSuchBucket' } });
    store.close();
  });
});
