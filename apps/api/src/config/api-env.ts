import { EnvBoolean, EnvNumber, EnvString } from '@embedding-studio/config';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Every environment variable the API reads. Documented in the repository's .env.example. */
export class ApiEnv {
  /** Port the HTTP API listens on. */
  @EnvNumber() @IsInt() @Min(1) @Max(65535) API_PORT = 5000;
  /** Interface to bind; 0.0.0.0 for all. */
  @EnvString() @IsString() API_HOST = '0.0.0.0';
  /** Largest accepted request body, in bytes. */
  @EnvNumber() @IsInt() @Min(1024) @Max(64 * 1024 * 1024) API_BODY_LIMIT_BYTES = 1024 * 1024;

  /** MongoDB (or FerretDB) connection string. */
  @EnvString() @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGO_URL must start with mongodb:// or mongodb+srv://' }) MONGO_URL =
    'mongodb://127.0.0.1:27017/';
  /** Database name; overrides the one in MONGO_URL. */
  @EnvString() @IsString() MONGO_DB_NAME = 'embedding_studio';

  @EnvString() @IsIn(['error', 'warn', 'info', 'debug', 'silent']) LOG_LEVEL = 'info';
  @EnvBoolean() @IsBoolean() LOG_PRETTY = false;

  /** Client timestamps older than now minus this many seconds are rejected. */
  @EnvNumber() @IsInt() @Min(0) CLICKSTREAM_TIME_MAX_DELTA_MINUS_SEC = 43200;
  /** Client timestamps later than now plus this many seconds are rejected. */
  @EnvNumber() @IsInt() @Min(0) CLICKSTREAM_TIME_MAX_DELTA_PLUS_SEC = 300;
  /** false accepts any timestamp (importing historical logs). */
  @EnvBoolean() @IsBoolean() CLICKSTREAM_CHECK_TIMESTAMPS = true;
  @EnvNumber() @IsInt() @Min(1) @Max(100000) CLICKSTREAM_MAX_RESULTS_PER_SESSION = 1000;
  @EnvNumber() @IsInt() @Min(1) @Max(100000) CLICKSTREAM_MAX_EVENTS_PER_REQUEST = 1000;
  @EnvNumber() @IsInt() @Min(16) @Max(16 * 1024 * 1024) CLICKSTREAM_MAX_META_BYTES = 16384;

  /** Optional path of a .env file read at start-up (the process environment wins over it). */
  @EnvString() @IsOptional() @IsString() ENV_FILE?: string;
}
