import { EnvBoolean, EnvNumber, EnvString } from '@embedding-studio/config';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

/**
 * Settings shared by the api and the worker: the database, logging, plugins, artifacts and the
 * job queue. The apps extend it with their own variables; every one is listed in .env.example.
 */
export class FineTuningEnv {
  /** MongoDB (or FerretDB) connection string. */
  @EnvString() @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGO_URL must start with mongodb:// or mongodb+srv://' }) MONGO_URL =
    'mongodb://127.0.0.1:27017/';
  /** Database name; overrides the one in MONGO_URL. */
  @EnvString() @IsString() MONGO_DB_NAME = 'embedding_studio';

  @EnvString() @IsIn(['error', 'warn', 'info', 'debug', 'silent']) LOG_LEVEL = 'info';
  @EnvBoolean() @IsBoolean() LOG_PRETTY = false;

  /** Folder of fine-tuning plugin modules (relative to the working directory). */
  @EnvString() @IsString() @MinLength(1) ES_PLUGINS_PATH = 'plugins';

  /** Where model artifacts are stored: a local folder, or an S3 bucket (MinIO, AWS...). */
  @EnvString() @IsIn(['fs', 's3'], { message: 'ARTIFACTS_BACKEND must be fs or s3' }) ARTIFACTS_BACKEND = 'fs';
  /** Folder of the fs backend (relative to the working directory). */
  @EnvString() @IsString() @MinLength(1) ARTIFACTS_DIR = '.data/artifacts';
  /** S3 endpoint for MinIO or another S3-compatible store; unset for AWS. */
  @EnvString() @IsOptional() @Matches(/^https?:\/\//, { message: 'S3_ENDPOINT must be an http:// or https:// URL' }) S3_ENDPOINT?: string;
  @EnvString() @IsString() S3_REGION = 'us-east-1';
  @EnvString() @IsOptional() @IsString() S3_ACCESS_KEY_ID?: string;
  @EnvString() @IsOptional() @IsString() S3_SECRET_ACCESS_KEY?: string;
  @EnvBoolean() @IsBoolean() S3_FORCE_PATH_STYLE = true;
  @EnvString() @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name (3-63 lower-case letters, digits, . or -)' }) S3_BUCKET =
    'embedding-studio';
  /** Key prefix inside the bucket. */
  @EnvString() @IsString() S3_PREFIX = '';

  /**
   * Where iterations, runs, metrics and the model registry are kept: `mongo` (MONGO_URL) or
   * `mlflow` (the tracking server at MLFLOW_TRACKING_URI, so its UI shows fine-tuning). The api
   * and the worker must agree.
   */
  @EnvString() @IsIn(['mongo', 'mlflow'], { message: 'EXPERIMENTS_TRACKER must be mongo or mlflow' }) EXPERIMENTS_TRACKER = 'mongo';
  /** The MLflow tracking server; required when EXPERIMENTS_TRACKER=mlflow. */
  @EnvString()
  @ValidateIf((e: { EXPERIMENTS_TRACKER: string }) => e.EXPERIMENTS_TRACKER === 'mlflow')
  @Matches(/^https?:\/\/\S+$/, { message: 'MLFLOW_TRACKING_URI must be an http:// or https:// URL (required when EXPERIMENTS_TRACKER=mlflow)' })
  MLFLOW_TRACKING_URI?: string;
  /** Prefix of the MLflow experiments (`<namespace>/<iteration>`) and registered models (`<namespace>.<plugin>`). */
  @EnvString() @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'MLFLOW_NAMESPACE must be 1-100 characters of A-Z a-z 0-9 . _ -' }) MLFLOW_NAMESPACE = 'embedding-studio';

  /** How often the job queue is polled, ms. */
  @EnvNumber() @IsInt() @Min(50) @Max(600_000) QUEUE_POLL_MS = 1000;

  /** Optional path of a .env file read at start-up (the process environment wins over it). */
  @EnvString() @IsOptional() @IsString() ENV_FILE?: string;
}
