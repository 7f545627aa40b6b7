import { ArtifactStoreUnavailableError } from '@embedding-studio/artifact-store';
import { isAppError } from '@embedding-studio/errors';
import { ArtifactStoreS3RequestError } from '../errors.js';

/** Where a failed request went and what it did, for messages and `details`. */
export interface S3RequestContext {
  /** The endpoint URL, or `AWS S3 (<region>)` when none is configured. */
  endpoint: string;
  bucket: string;
  /** S3 operation name, e.g. `PutObject`. */
  operation: string;
  /** The object key in the bucket, when the operation has one. */
  objectKey?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const NETWORK_MESSAGE = new RegExp(`\\b(${[...NETWORK_CODES].join('|')})\\b`);
const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'SlowDown',
  'InternalError',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'XMinioServerNotInitialized',
]);
const CREDENTIAL_NAMES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'CredentialsProviderError']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** HTTP status of an SDK error, when the server answered at all. */
export function s3HttpStatus(error: unknown): number | undefined {
  const status = (error as SdkErrorShape | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** S3's error code (the SDK puts it in `name`), e.g. `NoSuchKey`. */
export function s3ErrorName(error: unknown): string | undefined {
  const name = (error as SdkErrorShape | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** True for errors where the server was unreachable, timed out or answered 5xx / throttled. */
export function isTransientS3Error(error: unknown): boolean {
  const e = error as SdkErrorShape | null;
  if (!e || typeof e !== 'object') return false;
  const status = s3HttpStatus(e);
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (e.$fault === 'server') return true;
  const name = s3ErrorName(e);
  if (name && TRANSIENT_NAMES.has(name)) return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  // No HTTP answer at all and a message naming a socket error: the SDK sometimes re-wraps the
  // original error and keeps only its text ("AWS SDK error wrapper for Error: connect ECONNREFUSED …").
  if (status === undefined && typeof e.message === 'string' && NETWORK_MESSAGE.test(e.message)) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isTransientS3Error(inner))) return true;
  return false;
}

/**
 * Turns an SDK error into this lib's errors, once, at the adapter edge: network failures, timeouts,
 * throttling and 5xx → `ARTIFACT_STORE_UNAVAILABLE` (retryable); any other S3 refusal →
 * `ARTIFACT_STORE_S3_REQUEST_FAILED`. Both name the endpoint and bucket. App errors pass unchanged.
 */
export function translateS3Error(error: unknown, context: S3RequestContext): Error {
  if (isAppError(error)) return error;
  const status = s3HttpStatus(error);
  const name = s3ErrorName(error);
  const reason = describe(error, status, name);
  const where = `${context.endpoint} (bucket ${JSON.stringify(context.bucket)})`;
  const what = `S3 ${context.operation}${context.objectKey === undefined ? '' : ` of ${JSON.stringify(context.objectKey)}`}`;
  const details: Record<string, unknown> = { endpoint: context.endpoint, bucket: context.bucket, operation: context.operation };
  if (context.objectKey !== undefined) details['objectKey'] = context.objectKey;
  if (status !== undefined) details['httpStatus'] = status;
  if (name !== undefined) details['s3Code'] = name;
  if (isTransientS3Error(error)) {
    return new ArtifactStoreUnavailableError(
      `${what} at ${where} failed: ${reason}. The storage server is unreachable or overloaded; check that the endpoint is right and the server is running, then retry.`,
      details,
      error,
    );
  }
  return new ArtifactStoreS3RequestError(`${what} at ${where} was refused: ${reason}. ${hint(name)}`, details, error);
}

function describe(error: unknown, status: number | undefined, name: string | undefined): string {
  const e = error as SdkErrorShape | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' && e.message !== '' ? e.message : undefined;
  if (message === undefined && Array.isArray(e?.errors) && e.errors.length > 0) {
    // Node's AggregateError for a refused dual-stack connect: describe each attempt.
    return [...new Set((e.errors as unknown[]).map((inner) => describe(inner, s3HttpStatus(inner), s3ErrorName(inner))))].join('; ');
  }
  const parts = [name && name !== 'Error' ? name : code, status === undefined ? undefined : `HTTP ${status}`, message].filter((p): p is string => !!p);
  return [...new Set(parts)].join(', ') || String(error);
}

function hint(name: string | undefined): string {
  if (name === 'NoSuchBucket') return 'Create the bucket, or set createBucket: true so the store creates it on first use.';
  if (name && CREDENTIAL_NAMES.has(name)) return 'Check accessKeyId / secretAccessKey and that they may read and write this bucket.';
  if (name === 'BucketAlreadyExists') return 'The bucket name is taken by another account; choose another bucket.';
  return 'Check the store options (endpoint, region, bucket, forcePathStyle) against the server.';
}
