import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type ListObjectsV2CommandOutput,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import {
  ArtifactIntegrityError,
  ArtifactNotFoundError,
  ArtifactStoreOptionsError,
  DEFAULT_CONTENT_TYPE,
  artifactKeyProblem,
  assertArtifactIntegrity,
  assertValidArtifactKey,
  assertValidArtifactPrefix,
  assertValidContentType,
  integrityCheckedStream,
  isValidArtifactKey,
  type ArtifactBody,
  type ArtifactInfo,
  type ArtifactPutOptions,
  type ArtifactStore,
} from '@embedding-studio/artifact-store';
import { PassThrough, type Readable } from 'node:stream';
import { s3ErrorName, s3HttpStatus, translateS3Error } from './translate-error.js';
import { sha256Hex, systemClock, type Clock } from '@embedding-studio/primitives';

/**
 * Options of {@link createS3ArtifactStore}. Plain data, so an app can map its validated config
 * (`S3_ENDPOINT`, `S3_REGION`, …) straight onto it.
 */
export interface S3ArtifactStoreOptions {
  /**
   * S3-compatible endpoint URL, e.g. `http://127.0.0.1:9000` for MinIO.
   * @defaultValue AWS S3 for `region`
   */
  endpoint?: string;
  /** Region to sign requests for (MinIO accepts any; `us-east-1` is usual). */
  region: string;
  /** Bucket that holds the objects. */
  bucket: string;
  /**
   * Folder inside the bucket under which every key lives (`models/x` is stored at
   * `<prefix>/models/x`); leading and trailing `/` are ignored. Follows the key rules.
   * @defaultValue `''` (keys are bucket keys)
   */
  prefix?: string;
  /**
   * Access key; give it together with `secretAccessKey`.
   * @defaultValue the AWS SDK's default credential chain (env, shared files, instance role)
   */
  accessKeyId?: string;
  /** Secret key; give it together with `accessKeyId`. */
  secretAccessKey?: string;
  /**
   * Address buckets as `endpoint/bucket` instead of `bucket.endpoint` (MinIO and most self-hosted servers need it).
   * @defaultValue `false`
   */
  forcePathStyle?: boolean;
  /**
   * Create the bucket on first use when it does not exist.
   * @defaultValue `false`
   */
  createBucket?: boolean;
  /**
   * Tries per request, including the first (the SDK retries transient failures with backoff).
   * @defaultValue `3`
   */
  maxAttempts?: number;
  /**
   * Milliseconds to wait for a TCP connection.
   * @defaultValue `5000`
   */
  connectionTimeoutMs?: number;
  /**
   * Milliseconds a request may stay idle on its socket before it fails; `0` waits forever.
   * @defaultValue `60000`
   */
  requestTimeoutMs?: number;
  /**
   * Keys per ListObjectsV2 page (1–1000).
   * @defaultValue `1000`
   */
  pageSize?: number;
}

/** An {@link ArtifactStore} on S3, plus the client's lifecycle. */
export interface S3ArtifactStore extends ArtifactStore {
  readonly bucket: string;
  /** Normalised key prefix inside the bucket (`''` or without surrounding `/`). */
  readonly prefix: string;
  /** Closes the client's sockets; the store is unusable afterwards. */
  close(): void;
}

/** The part of `S3Client` the store uses (a fake can stand in for it in unit tests). */
export interface S3ClientLike {
  send(command: unknown): Promise<unknown>;
  destroy(): void;
}

/** Extra settings for {@link createS3ArtifactStoreWithClient}. */
export interface S3StoreInternals {
  /** Source of `createdAt`. @defaultValue systemClock */
  clock?: Clock;
  /** Objects listed per HeadObject wave in `list`. */
  headConcurrency?: number;
}

const META_SHA256 = 'sha256';
const META_CREATED_AT = 'created-at';
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An {@link ArtifactStore} on S3 or an S3-compatible server (MinIO). Objects carry their sha256 as
 * `x-amz-meta-sha256` (and as the `ChecksumSHA256` the server verifies on upload) and their
 * creation time as `x-amz-meta-created-at`; `get` streams GetObject, `list` pages ListObjectsV2 and
 * reads each object's metadata. Network failures, timeouts and 5xx answers become
 * `ARTIFACT_STORE_UNAVAILABLE`.
 */
export function createS3ArtifactStore(options: S3ArtifactStoreOptions): S3ArtifactStore {
  const resolved = validateOptions(options);
  const config: S3ClientConfig = {
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    maxAttempts: resolved.maxAttempts,
    requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 5_000, requestTimeout: options.requestTimeoutMs ?? 60_000 },
    // The store sends its own SHA-256; no extra CRC32 per request, which older S3-compatible servers reject.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
    config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
  }
  return createS3ArtifactStoreWithClient(new S3Client(config), options);
}

/** {@link createS3ArtifactStore} over a client you built (or a fake, in tests). */
export function createS3ArtifactStoreWithClient(client: S3ClientLike, options: S3ArtifactStoreOptions, internals: S3StoreInternals = {}): S3ArtifactStore {
  const { bucket, prefix, pageSize } = validateOptions(options);
  const endpoint = options.endpoint ?? `AWS S3 (${options.region})`;
  const clock = internals.clock ?? systemClock;
  const headConcurrency = internals.headConcurrency ?? 8;
  const base = prefix === '' ? '' : `${prefix}/`;
  const where = `${endpoint} bucket ${JSON.stringify(bucket)}${prefix ? ` under ${JSON.stringify(prefix)}` : ''}`;

  async function send<T>(command: unknown, operation: string, objectKey?: string): Promise<T> {
    try {
      return (await client.send(command)) as T;
    } catch (error) {
      throw translateS3Error(error, objectKey === undefined ? { endpoint, bucket, operation } : { endpoint, bucket, operation, objectKey });
    }
  }

  let ready: Promise<void> | undefined;
  function ensureBucket(): Promise<void> {
    if (!options.createBucket) return Promise.resolve();
    ready ??= createBucketIfMissing().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }
  async function createBucketIfMissing(): Promise<void> {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch (error) {
      const status = s3HttpStatus(error);
      const name = s3ErrorName(error);
      if (status !== 404 && name !== 'NotFound' && name !== 'NoSuchBucket') throw translateS3Error(error, { endpoint, bucket, operation: 'HeadBucket' });
    }
    const input =
      options.region === 'us-east-1' ? { Bucket: bucket } : { Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: options.region as never } };
    try {
      await client.send(new CreateBucketCommand(input));
    } catch (error) {
      // Another process created it first.
      if (s3ErrorName(error) !== 'BucketAlreadyOwnedByYou') throw translateS3Error(error, { endpoint, bucket, operation: 'CreateBucket' });
    }
  }

  function toInfo(key: string, out: Pick<HeadObjectCommandOutput, 'ContentLength' | 'ContentType' | 'Metadata' | 'LastModified'>): ArtifactInfo {
    const sha256 = out.Metadata?.[META_SHA256];
    if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256)) {
      throw new ArtifactIntegrityError(key, `the object in ${where} has no valid x-amz-meta-sha256 (it was not written by an ArtifactStore)`);
    }
    const createdAtText = out.Metadata?.[META_CREATED_AT];
    const createdAt = createdAtText && !Number.isNaN(Date.parse(createdAtText)) ? new Date(createdAtText) : (out.LastModified ?? new Date(0));
    return { key, size: out.ContentLength ?? 0, sha256, contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE, createdAt: new Date(createdAt.getTime()) };
  }

  async function headObject(key: string): Promise<ArtifactInfo | null> {
    await ensureBucket();
    let out: HeadObjectCommandOutput;
    try {
      out = (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: base + key }))) as HeadObjectCommandOutput;
    } catch (error) {
      if (s3HttpStatus(error) === 404 || s3ErrorName(error) === 'NotFound' || s3ErrorName(error) === 'NoSuchKey') return null;
      throw translateS3Error(error, { endpoint, bucket, operation: 'HeadObject', objectKey: base + key });
    }
    return toInfo(key, out);
  }

  async function getObject(key: string): Promise<{ info: ArtifactInfo; body: Readable }> {
    assertValidArtifactKey(key);
    await ensureBucket();
    let out: GetObjectCommandOutput;
    try {
      out = (await client.send(new GetObjectCommand({ Bucket: bucket, Key: base + key }))) as GetObjectCommandOutput;
    } catch (error) {
      if (s3ErrorName(error) === 'NoSuchKey' || (s3HttpStatus(error) === 404 && s3ErrorName(error) !== 'NoSuchBucket')) throw new ArtifactNotFoundError(key, where);
      throw translateS3Error(error, { endpoint, bucket, operation: 'GetObject', objectKey: base + key });
    }
    const body = out.Body as Readable | undefined;
    if (!body) throw translateS3Error(new Error('the response has no body'), { endpoint, bucket, operation: 'GetObject', objectKey: base + key });
    let info: ArtifactInfo;
    try {
      info = toInfo(key, out);
    } catch (error) {
      body.destroy();
      throw error;
    }
    return { info, body: translatingStream(body, (error) => translateS3Error(error, { endpoint, bucket, operation: 'GetObject', objectKey: base + key })) };
  }

  return {
    bucket,
    prefix,

    async put(key: string, body: Uint8Array, putOptions: ArtifactPutOptions = {}): Promise<ArtifactInfo> {
      assertValidArtifactKey(key);
      const contentType = putOptions.contentType ?? DEFAULT_CONTENT_TYPE;
      assertValidContentType(contentType);
      await ensureBucket();
      const bytes = Uint8Array.from(body);
      const sha256 = sha256Hex(bytes);
      const createdAt = new Date(clock.now());
      await send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: base + key,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: contentType,
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          Metadata: { [META_SHA256]: sha256, [META_CREATED_AT]: createdAt.toISOString() },
        }),
        'PutObject',
        base + key,
      );
      return { key, size: bytes.byteLength, sha256, contentType, createdAt };
    },

    async get(key: string): Promise<ArtifactBody> {
      const { info, body } = await getObject(key);
      return { info, body: integrityCheckedStream(info, body) };
    },

    async read(key: string): Promise<Uint8Array> {
      const { info, body } = await getObject(key);
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      const all = Buffer.concat(chunks);
      const bytes = new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
      assertArtifactIntegrity(info, bytes);
      return bytes;
    },

    async head(key: string): Promise<ArtifactInfo | null> {
      assertValidArtifactKey(key);
      return headObject(key);
    },

    async delete(key: string): Promise<boolean> {
      assertValidArtifactKey(key);
      // DeleteObject answers the same whether or not the object existed, so ask first.
      const existed = (await headObject(key).catch((error: unknown) => {
        // An object without our metadata still exists and can be deleted.
        if ((error as { code?: unknown }).code === 'ARTIFACT_STORE_INTEGRITY') return true;
        throw error;
      })) !== null;
      await send(new DeleteObjectCommand({ Bucket: bucket, Key: base + key }), 'DeleteObject', base + key);
      return existed;
    },

    async list(listPrefix: string): Promise<readonly ArtifactInfo[]> {
      assertValidArtifactPrefix(listPrefix);
      await ensureBucket();
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: base + listPrefix, MaxKeys: pageSize, ...(token === undefined ? {} : { ContinuationToken: token }) }),
          'ListObjectsV2',
        );
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(base.length);
          // Skip what an ArtifactStore never writes, such as the "folder/" markers of web consoles.
          if (key !== undefined && object.Key?.startsWith(base) && isValidArtifactKey(key)) keys.push(key);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);

      const infos: ArtifactInfo[] = [];
      for (let at = 0; at < keys.length; at += headConcurrency) {
        const wave = await Promise.all(keys.slice(at, at + headConcurrency).map((key) => headObject(key)));
        // An object deleted between the listing and its HeadObject is left out.
        for (const info of wave) if (info) infos.push(info);
      }
      return infos.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    close(): void {
      client.destroy();
    },
  };
}

/** Copies `source` into a new stream whose errors are translated; destroying it destroys `source`. */
function translatingStream(source: Readable, translate: (error: unknown) => Error): Readable {
  const out = new PassThrough();
  source.on('error', (error) => out.destroy(translate(error)));
  out.on('close', () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}

function validateOptions(options: S3ArtifactStoreOptions): { bucket: string; prefix: string; pageSize: number; maxAttempts: number } {
  if (typeof options?.region !== 'string' || options.region.trim() === '') throw new ArtifactStoreOptionsError('region', 'must be a non-empty region name such as "us-east-1"');
  if (typeof options.bucket !== 'string' || !BUCKET_NAME.test(options.bucket)) {
    throw new ArtifactStoreOptionsError('bucket', `${JSON.stringify(options.bucket)} is not a bucket name (3–63 characters: a-z 0-9 . -, starting and ending with a letter or digit)`);
  }
  if (options.endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(options.endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ArtifactStoreOptionsError('endpoint', `${JSON.stringify(options.endpoint)} is not an http(s) URL such as "http://127.0.0.1:9000"`);
    }
  }
  if ((options.accessKeyId === undefined) !== (options.secretAccessKey === undefined)) {
    throw new ArtifactStoreOptionsError(options.accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey', 'accessKeyId and secretAccessKey go together; give both or neither');
  }
  const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix !== '') {
    const problem = artifactKeyProblem(prefix);
    if (problem) throw new ArtifactStoreOptionsError('prefix', `${JSON.stringify(options.prefix)} breaks the key rules: ${problem}`);
    // S3 keys have at most 1024 bytes: prefix + "/" + the longest artifact key must fit.
    if (prefix.length > 511) throw new ArtifactStoreOptionsError('prefix', `has ${prefix.length} characters; at most 511 leave room for 512-character keys`);
  }
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new ArtifactStoreOptionsError('pageSize', `must be an integer in 1..1000, got ${pageSize}`);
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new ArtifactStoreOptionsError('maxAttempts', `must be an integer ≥ 1, got ${maxAttempts}`);
  for (const name of ['connectionTimeoutMs', 'requestTimeoutMs'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new ArtifactStoreOptionsError(name, `must be a number of milliseconds ≥ 0, got ${value}`);
  }
  return { bucket: options.bucket, prefix, pageSize, maxAttempts };
}
