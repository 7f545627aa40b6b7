// Error catalogue of @embedding-studio/experiments-tracker-mlflow. Every code is listed in the
// README "Errors" table (a test keeps them in sync).
import { InputError, InternalError, UnavailableError, ValidationError, type FieldIssue } from '@embedding-studio/errors';

export const MLFLOW_ERROR_CODES = ['MLFLOW_UNAVAILABLE', 'MLFLOW_REQUEST_FAILED', 'MLFLOW_RECORD_TOO_LARGE', 'MLFLOW_INVALID_OPTIONS'] as const;

export type MlflowErrorCode = (typeof MLFLOW_ERROR_CODES)[number];

/** The tracking server could not be reached, or kept answering "try again" (retryable). */
export class MlflowUnavailableError extends UnavailableError {
  constructor(endpoint: string, reason: string, cause?: unknown) {
    super('MLFLOW_UNAVAILABLE', `The MLflow tracking server did not answer ${endpoint}: ${reason}. Check that it runs and that MLFLOW_TRACKING_URI points to it.`, {
      details: { endpoint },
      cause,
    });
  }
}

/** The tracking server refused a request this adapter did not expect it to refuse. */
export class MlflowRequestError extends InternalError {
  /** MLflow's own `error_code` (`RESOURCE_ALREADY_EXISTS`, `INVALID_PARAMETER_VALUE`…), or `HTTP_<status>`. */
  readonly mlflowCode: string;

  constructor(endpoint: string, status: number, mlflowCode: string, message: string) {
    super('MLFLOW_REQUEST_FAILED', `MLflow answered ${endpoint} with ${status} ${mlflowCode}: ${message}`, {
      details: { endpoint, status, mlflow_error_code: mlflowCode },
    });
    this.mlflowCode = mlflowCode;
  }
}

/** A record is larger than MLflow keeps in one param or tag. */
export class MlflowRecordTooLargeError extends InputError {
  constructor(kind: string, id: string, size: number, limit: number) {
    super(
      'MLFLOW_RECORD_TOO_LARGE',
      `The ${kind} ${JSON.stringify(id)} serialises to ${size} characters, more than the ${limit} MLflow keeps in one value; keep run params smaller (they are stored whole in one MLflow param).`,
      { details: { kind, id, size, limit } },
    );
  }
}

/** The store's options are malformed; `issues` names every field. */
export class MlflowInvalidOptionsError extends ValidationError {
  constructor(issues: FieldIssue[]) {
    super('MLFLOW_INVALID_OPTIONS', issues);
  }
}

/** True when `error` is MLflow's answer with this `error_code`. */
export function isMlflowError(error: unknown, mlflowCode: string): boolean {
  return error instanceof MlflowRequestError && error.mlflowCode === mlflowCode;
}
