import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3ClientLike } from '../s3-store.js';

/** One object held by the fake. */
export interface FakeS3Object {
  body: Buffer;
  contentType?: string;
  metadata: Record<string, string>;
  lastModified: Date;
}

/** An in-process stand-in for `S3Client` that answers the commands the artifact store sends. */
export interface FakeS3Client extends S3ClientLike {
  /** bucket → key → object; tests may read or tamper with it. */
  readonly buckets: Map<string, Map<string, FakeS3Object>>;
  /** Names of the commands sent so far, in order (e.g. `PutObjectCommand`). */
  readonly sent: { name: string; input: Record<string, unknown> }[];
  /** When set, called before each command; a thrown or returned error fails the command. */
  failWith: ((commandName: string, input: Record<string, unknown>) => unknown) | undefined;
  destroyed: boolean;
}

/** An S3-shaped error, as the SDK throws it. */
export function s3Error(name: string, httpStatusCode: number, message = name): S3ServiceException {
  return new S3ServiceException({ name, $fault: httpStatusCode >= 500 ? 'server' : 'client', $metadata: { httpStatusCode }, message });
}

/**
 * Creates a fake S3 client holding `buckets` (names of buckets that exist at the start). It
 * implements PutObject (checking `ChecksumSHA256`), GetObject (streamed in 64 KiB chunks),
 * HeadObject, DeleteObject, ListObjectsV2 (with `MaxKeys` paging), HeadBucket and CreateBucket.
 */
export function createFakeS3Client(buckets: readonly string[] = []): FakeS3Client {
  const store = new Map<string, Map<string, FakeS3Object>>(buckets.map((b) => [b, new Map()]));
  const bucketOf = (name: string | undefined) => {
    const objects = store.get(name ?? '');
    if (!objects) throw s3Error('NoSuchBucket', 404, 'The specified bucket does not exist');
    return objects;
  };

  const fake: FakeS3Client = {
    buckets: store,
    sent: [],
    failWith: undefined,
    destroyed: false,
    async send(command: unknown): Promise<unknown> {
      const name = (command as { constructor: { name: string } }).constructor.name;
      const input = (command as { input: Record<string, unknown> }).input;
      fake.sent.push({ name, input });
      const injected = fake.failWith?.(name, input);
      if (injected) throw injected;
      await Promise.resolve();

      if (command instanceof HeadBucketCommand) {
        const { Bucket } = command.input;
        if (!store.has(Bucket ?? '')) throw s3Error('NotFound', 404, 'UnknownError');
        return {};
      }
      if (command instanceof CreateBucketCommand) {
        const { Bucket } = command.input;
        if (store.has(Bucket ?? '')) throw s3Error('BucketAlreadyOwnedByYou', 409);
        store.set(Bucket ?? '', new Map());
        return {};
      }
      if (command instanceof PutObjectCommand) {
        const i = command.input;
        const objects = bucketOf(i.Bucket);
        const body = Buffer.from(i.Body as Uint8Array);
        if (i.ChecksumSHA256 !== undefined && createHash('sha256').update(body).digest('base64') !== i.ChecksumSHA256) {
          throw s3Error('BadDigest', 400, 'The SHA256 you specified did not match the calculated checksum.');
        }
        const object: FakeS3Object = { body, metadata: { ...i.Metadata }, lastModified: new Date() };
        if (i.ContentType !== undefined) object.contentType = i.ContentType;
        objects.set(i.Key ?? '', object);
        return {};
      }
      if (command instanceof HeadObjectCommand || command instanceof GetObjectCommand) {
        const i = command.input;
        const objects = command instanceof HeadObjectCommand ? store.get(i.Bucket ?? '') : bucketOf(i.Bucket);
        const object = objects?.get(i.Key ?? '');
        if (!object) throw command instanceof HeadObjectCommand ? s3Error('NotFound', 404, 'UnknownError') : s3Error('NoSuchKey', 404, 'The specified key does not exist.');
        const head = { ContentLength: object.body.byteLength, ContentType: object.contentType, Metadata: { ...object.metadata }, LastModified: object.lastModified };
        if (command instanceof HeadObjectCommand) return head;
        const body = Buffer.from(object.body);
        function* chunks() {
          for (let at = 0; at < body.byteLength; at += 65536) yield body.subarray(at, at + 65536);
        }
        return { ...head, Body: Readable.from(chunks()) };
      }
      if (command instanceof DeleteObjectCommand) {
        const i = command.input;
        bucketOf(i.Bucket).delete(i.Key ?? '');
        return {};
      }
      if (command instanceof ListObjectsV2Command) {
        const i = command.input;
        const objects = bucketOf(i.Bucket);
        const keys = [...objects.keys()].filter((k) => k.startsWith(i.Prefix ?? '')).sort();
        const after = i.ContinuationToken === undefined ? -1 : keys.indexOf(Buffer.from(i.ContinuationToken, 'base64').toString('utf8'));
        const max = i.MaxKeys ?? 1000;
        const page = keys.slice(after + 1, after + 1 + max);
        const truncated = after + 1 + max < keys.length;
        const last = page[page.length - 1];
        return {
          Contents: page.map((Key) => ({ Key, Size: objects.get(Key)?.body.byteLength, LastModified: objects.get(Key)?.lastModified })),
          KeyCount: page.length,
          IsTruncated: truncated,
          ...(truncated && last !== undefined ? { NextContinuationToken: Buffer.from(last).toString('base64') } : {}),
        };
      }
      throw new Error(`The fake S3 client does not implement ${name}.`);
    },
    destroy() {
      fake.destroyed = true;
    },
  };
  return fake;
}
