import { systemClock } from '@embedding-studio/primitives';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { assertS3Reachable, s3TestConnectionFromEnv } from '@embedding-studio/artifact-store-s3/testing';
import { createMemoryProgressStore, runImport } from '@embedding-studio/search-indexing';
import { createCrashPlan, createRecordingTarget, jsonlItems } from '@embedding-studio/search-indexing/testing';
import { createS3ImportClient, openS3JsonlSource } from './s3-source.js';

const connection = s3TestConnectionFromEnv();
await assertS3Reachable(connection);
const client = createS3ImportClient({ ...connection, buckets: [] });
const bucket = `es-indexing-test-${randomUUID().slice(0, 8)}`;
const OBJECTS: Record<string, string> = {
  'imports/run1/part-000.jsonl': jsonlItems(40, 'p0'),
  'imports/run1/part-001.jsonl': jsonlItems(25, 'p1'),
  'imports/run1/part-002.ndjson': jsonlItems(7, 'p2') + '{"id": "broken",\n',
  'imports/run1/README.txt': 'not an item file',
  'imports/other/part-000.jsonl': jsonlItems(3, 'x'),
};

beforeAll(async () => {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const [Key, body] of Object.entries(OBJECTS)) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: body }));
});
afterAll(async () => {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const o of listed.Contents ?? []) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
});

describe('S3 JSONL source on MinIO', () => {
  it('lists the JSONL objects under a prefix, sorted, with sizes', async () => {
    const source = await openS3JsonlSource(client, { buckets: [bucket] }, { prefix: 'imports/run1/' });
    expect((await source.list()).map((u) => u.key)).toEqual(['imports/run1/part-000.jsonl', 'imports/run1/part-001.jsonl', 'imports/run1/part-002.ndjson']);
  });

  it('imports several objects in parallel, killed mid-way and resumed, to exactly their items', async () => {
    const source = await openS3JsonlSource(client, { buckets: [bucket] }, { bucket, prefix: 'imports/run1/' });
    const units = await source.list();
    const progress = createMemoryProgressStore();
    const target = createRecordingTarget();
    const plan = createCrashPlan(7);
    const crashing = { ...target, upsert: async (...args: Parameters<typeof target.upsert>) => (plan.tick('upsert'), target.upsert(...args)) };
    const base = { jobId: 'j', units, source, progress, idField: 'id', batchSize: 5, readConcurrency: 3, clock: systemClock };
    await expect(runImport({ ...base, target: crashing, signal: new AbortController().signal })).rejects.toThrow('simulated crash');
    const partial = await progress.list('j');
    expect(partial.some((p) => p.offset > 0 && !p.done)).toBe(true);
    const summary = await runImport({ ...base, target, signal: new AbortController().signal });
    expect(summary).toMatchObject({ units: 3, indexed: 72, rejected: 1 });
    expect(target.items.size).toBe(72);
    expect((await progress.list('j'))[2]?.rejects).toEqual([{ unit: 'imports/run1/part-002.ndjson', line: 8, field: '(line)', message: expect.stringContaining('not valid JSON') }]);
  });

  it.each([
    [{ prefix: 'imports/none/' }, 'SEARCH_INDEXING_SOURCE_EMPTY', 'source.s3_prefix'],
    [{ prefix: 'imports/run1/', bucket: 'not-allowed' }, 'SEARCH_INDEXING_SOURCE_REFUSED', 'source.bucket'],
  ])('refuses %j with %s', async (spec, code, field) => {
    await expect(openS3JsonlSource(client, { buckets: [bucket] }, spec)).rejects.toMatchObject({ code, details: { field } });
  });

  it('refuses S3 imports when no bucket is configured', async () => {
    await expect(openS3JsonlSource(client, { buckets: [] }, { prefix: 'x/' })).rejects.toMatchObject({ code: 'SEARCH_INDEXING_SOURCE_REFUSED', details: { field: 'source.s3_prefix' } });
  });
});
