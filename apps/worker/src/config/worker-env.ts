import { EnvNumber, EnvString } from '@embedding-studio/config';
import { FineTuningEnv } from '@embedding-studio/fine-tuning-runtime';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

/** Every environment variable the worker reads (the shared ones come from FineTuningEnv). Documented in .env.example. */
export class WorkerEnv extends FineTuningEnv {
  /** Fine-tuning tasks trained at once by this process. */
  @EnvNumber() @IsInt() @Min(1) @Max(16) WORKER_CONCURRENCY = 1;
  /** A claimed task is taken over by another worker when not renewed for this long (ms). */
  @EnvNumber() @IsInt() @Min(1000) @Max(3_600_000) WORKER_LEASE_MS = 60_000;
  /** Period of the recovery sweep (pending tasks, expired leases), in Agenda's interval syntax. */
  @EnvString() @Matches(/^\d+(\.\d+)? (second|seconds|minute|minutes|hour|hours)$/, { message: 'WORKER_SWEEP_EVERY must look like "30 seconds" or "1 minute"' }) WORKER_SWEEP_EVERY =
    '1 minute';
  /** First retry delay after a transient failure (ms); doubles per attempt. */
  @EnvNumber() @IsInt() @Min(0) WORKER_RETRY_BASE_MS = 15_000;
  /** Attempts before a transiently failing task ends in error. */
  @EnvNumber() @IsInt() @Min(1) @Max(20) WORKER_MAX_ATTEMPTS = 3;
  /** On SIGTERM, running tasks get this long to finish before they are handed back (ms). */
  @EnvNumber() @IsInt() @Min(0) WORKER_DRAIN_TIMEOUT_MS = 30_000;
  /** tfjs backend of training; unset picks tensorflow-gpu, tensorflow, wasm, cpu in that order. */
  @EnvString() @IsOptional() @IsIn(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']) TFJS_BACKEND?: string;
  /** Base URL put in front of best_model_url (e.g. https://search.example.com); empty gives a path. */
  @EnvString() @IsString() PUBLIC_API_URL = '';

  /** Vector engine: `lancedb` (embedded, data in VECTOR_DATA_DIR), `weaviate` (the server at WEAVIATE_URL; API and worker must agree) or `memory` (lost on restart; for tests). */
  @EnvString() @IsIn(['lancedb', 'weaviate', 'memory'], { message: 'VECTOR_ENGINE must be lancedb, weaviate or memory' }) VECTOR_ENGINE = 'lancedb';
  /** REST URL of the Weaviate server (`http://host:port`); required when VECTOR_ENGINE=weaviate. */
  @EnvString() @ValidateIf((e: { VECTOR_ENGINE: string }) => e.VECTOR_ENGINE === 'weaviate') @Matches(/^https?:\/\/[^/:]+:\d+\/?$/, { message: 'WEAVIATE_URL must look like http://host:port (required when VECTOR_ENGINE=weaviate)' }) WEAVIATE_URL?: string;
  /** gRPC port of the Weaviate server (the client queries over gRPC); required when VECTOR_ENGINE=weaviate. */
  @EnvNumber() @ValidateIf((e: { VECTOR_ENGINE: string }) => e.VECTOR_ENGINE === 'weaviate') @IsInt({ message: 'WEAVIATE_GRPC_PORT must be a port number (required when VECTOR_ENGINE=weaviate)' }) @Min(1) @Max(65535) WEAVIATE_GRPC_PORT?: number;
  /** Where the embedded engine keeps its tables (the same folder as the API's). */
  @EnvString() @IsString() @MinLength(1) VECTOR_DATA_DIR = '.data/vector-index';
  /** Models cache root (ONNX encoders); default `~/.cache/embedding-studio/models`. */
  @EnvString() @IsOptional() @IsString() ES_MODELS_CACHE_DIR?: string;
  /** Imports and reindexes run at once by this process. */
  @EnvNumber() @IsInt() @Min(1) @Max(16) INDEXING_CONCURRENCY = 1;
  /** Source files (or S3 objects) an import reads at once. */
  @EnvNumber() @IsInt() @Min(1) @Max(64) INDEXING_READ_CONCURRENCY = 4;
  /** A reindex waits this long after recording its build before copying, so every item writer dual-writes (ms; above SEARCH_PROFILE_CACHE_MS and the 1 s build cache). */
  @EnvNumber() @IsInt() @Min(0) @Max(600_000) INDEXING_SETTLE_MS = 3000;

  /** Folder that local JSONL imports (`source.jsonl_path`) are confined to; unset refuses local imports. */
  @EnvString() @IsOptional() @IsString() IMPORT_ROOT?: string;
  /** Buckets S3 imports may read (comma-separated, the first is the default; uses the S3_* connection); empty refuses S3 imports. */
  @EnvString() @IsString() @Matches(/^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9](,[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])*)?$/, { message: 'IMPORT_S3_BUCKETS must be bucket names separated by commas' }) IMPORT_S3_BUCKETS = '';
}
