import { EnvBoolean, EnvList, EnvNumber, EnvString } from '@embedding-studio/config';
import { FineTuningEnv } from '@embedding-studio/fine-tuning-runtime';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

/** Every environment variable the API reads (the shared ones come from FineTuningEnv). Documented in .env.example. */
export class ApiEnv extends FineTuningEnv {
  /** Port the HTTP API listens on. */
  @EnvNumber() @IsInt() @Min(1) @Max(65535) API_PORT = 5000;
  /** Interface to bind: loopback unless configured (0.0.0.0 for all, behind the key check). */
  @EnvString() @IsString() API_HOST = '127.0.0.1';
  /** Largest accepted request body, in bytes. */
  @EnvNumber() @IsInt() @Min(1024) @Max(64 * 1024 * 1024) API_BODY_LIMIT_BYTES = 1024 * 1024;

  /** API keys: on (the default; every route but ping, health and docs needs a key) or off (local use only). */
  @EnvString() @IsIn(['on', 'off'], { message: 'ES_AUTH must be on or off' }) ES_AUTH = 'on';
  /** An admin key that is not stored, to create the first keys over HTTP; at least 32 characters. */
  @EnvString() @IsOptional() @MinLength(32, { message: 'ES_BOOTSTRAP_ADMIN_KEY must be at least 32 characters (openssl rand -base64 32)' }) ES_BOOTSTRAP_ADMIN_KEY?: string;
  /** How long a verified key is trusted before the database is asked again (revocations from other processes take this long). */
  @EnvNumber() @IsInt() @Min(0) @Max(600_000) API_KEY_CACHE_TTL_MS = 5000;
  /** Requests per second (and burst) per client address; 0 turns the limit off. */
  @EnvNumber() @IsInt() @Min(0) API_RATE_LIMIT_ADDRESS_PER_SEC = 1000;
  @EnvNumber() @IsInt() @Min(1) API_RATE_LIMIT_ADDRESS_BURST = 2000;
  /** Requests per second (and burst) per API key; 0 turns the limit off. */
  @EnvNumber() @IsInt() @Min(0) API_RATE_LIMIT_KEY_PER_SEC = 500;
  @EnvNumber() @IsInt() @Min(1) API_RATE_LIMIT_KEY_BURST = 1000;
  /** Comma-separated origins that may call the search routes from a browser (`*` for any). */
  @EnvList() @IsArray() @IsString({ each: true }) API_CORS_ORIGINS: string[] = [];
  /** A request body must arrive within this many ms (408 otherwise). */
  @EnvNumber() @IsInt() @Min(100) API_BODY_TIMEOUT_MS = 10_000;
  /** Headers must arrive within this many ms (Node's headersTimeout). */
  @EnvNumber() @IsInt() @Min(100) API_HEADERS_TIMEOUT_MS = 10_000;
  /** A whole request must arrive within this many ms (Node's requestTimeout). */
  @EnvNumber() @IsInt() @Min(100) API_REQUEST_TIMEOUT_MS = 30_000;

  /** Client timestamps older than now minus this many seconds are rejected. */
  @EnvNumber() @IsInt() @Min(0) CLICKSTREAM_TIME_MAX_DELTA_MINUS_SEC = 43200;
  /** Client timestamps later than now plus this many seconds are rejected. */
  @EnvNumber() @IsInt() @Min(0) CLICKSTREAM_TIME_MAX_DELTA_PLUS_SEC = 300;
  /** false accepts any timestamp (importing historical logs). */
  @EnvBoolean() @IsBoolean() CLICKSTREAM_CHECK_TIMESTAMPS = true;
  @EnvNumber() @IsInt() @Min(1) @Max(100000) CLICKSTREAM_MAX_RESULTS_PER_SESSION = 1000;
  @EnvNumber() @IsInt() @Min(1) @Max(100000) CLICKSTREAM_MAX_EVENTS_PER_REQUEST = 1000;
  @EnvNumber() @IsInt() @Min(16) @Max(16 * 1024 * 1024) CLICKSTREAM_MAX_META_BYTES = 16384;

  /** Vector engine: `lancedb` (embedded, data in VECTOR_DATA_DIR), `weaviate` (the server at WEAVIATE_URL; API and worker must agree) or `memory` (lost on restart; for tests). */
  @EnvString() @IsIn(['lancedb', 'weaviate', 'memory'], { message: 'VECTOR_ENGINE must be lancedb, weaviate or memory' }) VECTOR_ENGINE = 'lancedb';
  /** REST URL of the Weaviate server (`http://host:port`); required when VECTOR_ENGINE=weaviate. */
  @EnvString() @ValidateIf((e: { VECTOR_ENGINE: string }) => e.VECTOR_ENGINE === 'weaviate') @Matches(/^https?:\/\/[^/:]+:\d+\/?$/, { message: 'WEAVIATE_URL must look like http://host:port (required when VECTOR_ENGINE=weaviate)' }) WEAVIATE_URL?: string;
  /** gRPC port of the Weaviate server (the client queries over gRPC); required when VECTOR_ENGINE=weaviate. */
  @EnvNumber() @ValidateIf((e: { VECTOR_ENGINE: string }) => e.VECTOR_ENGINE === 'weaviate') @IsInt({ message: 'WEAVIATE_GRPC_PORT must be a port number (required when VECTOR_ENGINE=weaviate)' }) @Min(1) @Max(65535) WEAVIATE_GRPC_PORT?: number;
  /** Where the embedded engine keeps its tables (under the product's data dir). */
  @EnvString() @IsString() @MinLength(1) VECTOR_DATA_DIR = '.data/vector-index';
  /** How long a search reuses a collection's active profile before checking for a newer one (ms). */
  @EnvNumber() @IsInt() @Min(0) @Max(60_000) SEARCH_PROFILE_CACHE_MS = 1000;
  /** Items per upload request (more answer 413). */
  @EnvNumber() @IsInt() @Min(1) @Max(100_000) SEARCH_MAX_ITEMS_PER_REQUEST = 1000;
  /** Largest item upload body (JSON array or JSONL), in bytes. */
  @EnvNumber() @IsInt() @Min(1024) @Max(256 * 1024 * 1024) SEARCH_ITEMS_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
  /** How often the API deploys the best models of done tasks that ask for it (`metadata.deploy.auto`), in ms; 0 = never. */
  @EnvNumber() @IsInt() @Min(0) @Max(3_600_000) SEARCH_AUTO_DEPLOY_EVERY_MS = 5000;
  /** How often the API folds logged session writes into the search-quality rollups (one API process at a time, by lease), in ms; 0 = never. */
  @EnvNumber() @IsInt() @Min(0) @Max(3_600_000) METRICS_FOLD_EVERY_MS = 5000;
  /** Models cache root (ONNX encoders); default `~/.cache/embedding-studio/models`. */
  @EnvString() @IsOptional() @IsString() ES_MODELS_CACHE_DIR?: string;

  /** Folder that local JSONL imports (`source.jsonl_path`) are confined to; unset refuses local imports. */
  @EnvString() @IsOptional() @IsString() IMPORT_ROOT?: string;
  /** Buckets S3 imports may read (comma-separated, the first is the default; uses the S3_* connection); empty refuses S3 imports. */
  @EnvString() @IsString() @Matches(/^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9](,[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])*)?$/, { message: 'IMPORT_S3_BUCKETS must be bucket names separated by commas' }) IMPORT_S3_BUCKETS = '';

  /** Folder of the dashboard's built files, served at `/dashboard` (relative to the working directory; `npx nx build dashboard` writes them). */
  @EnvString() @IsString() @MinLength(1, { message: 'DASHBOARD_DIR must name a folder (the dashboard build output, apps/dashboard/dist by default)' }) DASHBOARD_DIR = 'apps/dashboard/dist';
}
