import type { WeaviateVectorIndexOptions } from '../weaviate-vector-index.js';

const HOW_TO =
  'Integration tests need a Weaviate server: run `bash tools/services/services.sh up` (builds and starts Weaviate), then ' +
  '`eval "$(bash tools/services/services.sh env)"`, or point WEAVIATE_URL and WEAVIATE_GRPC_PORT at your own server.';

/**
 * Reads WEAVIATE_URL (`http://host:port`) and WEAVIATE_GRPC_PORT. Throws — an integration run without
 * its service must fail, not skip — when either is unset or malformed.
 */
export function weaviateTestConnectionFromEnv(env: Record<string, string | undefined> = process.env): Pick<WeaviateVectorIndexOptions, 'host' | 'port' | 'grpcPort'> {
  const url = env['WEAVIATE_URL'];
  if (!url) throw new Error(`WEAVIATE_URL is not set. ${HOW_TO}`);
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const grpcPort = Number(env['WEAVIATE_GRPC_PORT']);
  if (!Number.isInteger(grpcPort) || grpcPort <= 0) throw new Error(`WEAVIATE_GRPC_PORT must be set to the server's gRPC port. ${HOW_TO}`);
  return { host: parsed.hostname, port, grpcPort };
}
