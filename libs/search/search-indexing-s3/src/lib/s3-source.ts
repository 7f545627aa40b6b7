import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { IndexingSourceEmptyError, IndexingSourceReadError, IndexingSourceRefusedError, type JsonlSource, type PlannedUnit } from '@embedding-studio/search-indexing';

export interface S3ImportOptions {
  /** S3-compatible endpoint, e.g. MinIO's. @defaultValue AWS S3 for `region` */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** @defaultValue false */
  forcePathStyle?: boolean;
  /** Buckets an import may read; the first is the default when a request names none. Empty: S3 imports are off. */
  buckets: readonly string[];
}

/** The parts of an S3 client the source uses (a real `S3Client`, or a fake in tests). */
export interface S3SendClient {
  send(command: ListObjectsV2Command | GetObjectCommand, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

const JSONL = /\.(jsonl|ndjson)$/i;

/** A client for the options (credentials from them, else the SDK's default chain). */
export function createS3ImportClient(options: S3ImportOptions): S3Client {
  const config: S3ClientConfig = { region: options.region, forcePathStyle: options.forcePathStyle ?? false };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.accessKeyId && options.secretAccessKey) config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
  return new S3Client(config);
}

/**
 * A source of the `.jsonl`/`.ndjson` objects under an S3 prefix. Opening it checks the bucket is
 * allowed and the prefix holds at least one such object (4xx naming the field otherwise). Units
 * are object keys; a unit is read from a byte offset with a ranged GET, so a resumed import reads
 * on from its checkpoint instead of from the start of the object.
 */
export async function openS3JsonlSource(client: S3SendClient, options: Pick<S3ImportOptions, 'buckets'>, spec: { prefix: string; bucket?: string }): Promise<JsonlSource> {
  const bucket = spec.bucket ?? options.buckets[0];
  if (!bucket) throw new IndexingSourceRefusedError('source.s3_prefix', 'S3 imports are not configured on this server (no import bucket); import a local JSONL path instead');
  if (!options.buckets.includes(bucket)) {
    throw new IndexingSourceRefusedError('source.bucket', `bucket ${JSON.stringify(bucket)} is not allowed for imports; use one of ${options.buckets.map((b) => JSON.stringify(b)).join(', ')}`);
  }
  const name = `s3://${bucket}/${spec.prefix}`;
  const list = async (): Promise<PlannedUnit[]> => {
    const units: PlannedUnit[] = [];
    let token: string | undefined;
    do {
      let page: { Contents?: Array<{ Key?: string; Size?: number }>; IsTruncated?: boolean; NextContinuationToken?: string };
      try {
        page = (await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: spec.prefix, ...(token ? { ContinuationToken: token } : {}) }))) as typeof page;
      } catch (error) {
        const code = (error as { name?: string }).name;
        if (code === 'NoSuchBucket') throw new IndexingSourceRefusedError('source.bucket', `bucket ${JSON.stringify(bucket)} does not exist`);
        throw new IndexingSourceReadError(name, error);
      }
      for (const o of page.Contents ?? []) if (o.Key && JSONL.test(o.Key)) units.push({ key: o.Key, size: o.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return units.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };
  const first = await list();
  if (first.length === 0) throw new IndexingSourceEmptyError('source.s3_prefix', name);
  return {
    name,
    list,
    async *open(key, offset, signal) {
      let body: AsyncIterable<Uint8Array>;
      try {
        const out = (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) }), { abortSignal: signal })) as {
          Body?: AsyncIterable<Uint8Array>;
        };
        if (!out.Body) return;
        body = out.Body;
      } catch (error) {
        if (signal.aborted) throw error;
        // A range starting at the end of the object: nothing left to read.
        if ((error as { name?: string }).name === 'InvalidRange') return;
        throw new IndexingSourceReadError(`s3://${bucket}/${key}`, error);
      }
      try {
        for await (const chunk of body) yield chunk;
      } catch (error) {
        if (signal.aborted) throw error;
        throw new IndexingSourceReadError(`s3://${bucket}/${key}`, error);
      }
    },
  };
}
