import { EnvBoolean, EnvNumber, EnvString } from '@embedding-studio/config';
import { FineTuningEnv } from '@embedding-studio/fine-tuning-runtime';
import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';

/** Every environment variable the API reads (the shared ones come from FineTuningEnv). Documented in .env.example. */
export class ApiEnv extends FineTuningEnv {
  /** Port the HTTP API listens on. */
  @EnvNumber() @IsInt() @Min(1) @Max(65535) API_PORT = 5000;
  /** Interface to bind; 0.0.0.0 for all. */
  @EnvString() @IsString() API_HOST = '0.0.0.0';
  /** Largest accepted request body, in bytes. */
  @EnvNumber() @IsInt() @Min(1024) @Max(64 * 1024 * 1024) API_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Client timestamps older than now minus this many seconds are rejected. */
  @EnvNumber() @IsInt() @Min(0) CLICKSTREAM_TIME_MAX_DELTA_MINUS_SEC = 43200;
  /** Client timestamps later than now plus this many seconds are rejected. */
  @EnvNumber() @IsInt() @Min(0) CLICKSTREAM_TIME_MAX_DELTA_PLUS_SEC = 300;
  /** false accepts any timestamp (importing historical logs). */
  @EnvBoolean() @IsBoolean() CLICKSTREAM_CHECK_TIMESTAMPS = true;
  @EnvNumber() @IsInt() @Min(1) @Max(100000) CLICKSTREAM_MAX_RESULTS_PER_SESSION = 1000;
  @EnvNumber() @IsInt() @Min(1) @Max(100000) CLICKSTREAM_MAX_EVENTS_PER_REQUEST = 1000;
  @EnvNumber() @IsInt() @Min(16) @Max(16 * 1024 * 1024) CLICKSTREAM_MAX_META_BYTES = 16384;
}
