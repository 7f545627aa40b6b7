import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3ArtifactStoreOptions } from '../s3-store.js';

/** Connection settings for integration tests, from `S3_*` variables (no bucket: each suite picks its own). */
export type S3TestConnection = Required<Pick<S3ArtifactStoreOptions, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey' | 'forcePathStyle'>>;

const HOW_TO =
  'Integration tests need an S3 server: run `bash tools/services/services.sh up` (starts MinIO), then ' +
  '`eval "$(bash tools/services/services.sh env)"`, or point S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_FORCE_PATH_STYLE at your own server.';

/**
 * Reads S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and S3_FORCE_PATH_STYLE.
 * Throws — an integration run without its service must fail, not skip — when S3_ENDPOINT is unset.
 */
export function s3TestConnectionFromEnv(env: Record<string, string | undefined> = process.env): S3TestConnection {
  const endpoint = env['S3_ENDPOINT'];
  if (!endpoint) throw new Error(`S3_ENDPOINT is not set. ${HOW_TO}`);
  const accessKeyId = env['S3_ACCESS_KEY_ID'];
  const secretAccessKey = env['S3_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) throw new Error(`S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set with S3_ENDPOINT. ${HOW_TO}`);
  return {
    endpoint,
    region: env['S3_REGION'] || 'us-east-1',
    accessKeyId,
    secretAccessKey,
    forcePathStyle: (env['S3_FORCE_PATH_STYLE'] ?? 'true').toLowerCase() !== 'false',
  };
}

/** Fails with a clear message when the server at `connection.endpoint` does not answer within `timeoutMs`. */
export async function assertS3Reachable(connection: S3TestConnection, timeoutMs = 5_000): Promise<void> {
  const client = new S3Client({
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: connection.forcePathStyle,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs },
  });
  try {
    await client.send(new ListBucketsCommand({}));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`The S3 server at ${connection.endpoint} did not answer (${reason}). ${HOW_TO}`);
  } finally {
    client.destroy();
  }
}
