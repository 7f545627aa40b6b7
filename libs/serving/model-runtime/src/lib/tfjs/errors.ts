// Error catalogue of the `@embedding-studio/model-runtime/tfjs` entry. Every code is stable
// public API and listed in the README "Errors" table.
import {
  ConflictError,
  InputError,
  InternalError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
  toDetailValue,
} from '@embedding-studio/errors';

/** Every error code this entry throws. */
export const MODEL_RUNTIME_TFJS_ERROR_CODES = [
  'MODEL_RUNTIME_UNKNOWN_BACKEND',
  'MODEL_RUNTIME_BACKEND_UNAVAILABLE',
  'MODEL_RUNTIME_INVALID_OPTION',
  'MODEL_RUNTIME_DIMENSION_MISMATCH',
  'MODEL_RUNTIME_MODEL_DISPOSED',
  'MODEL_RUNTIME_INVALID_ARTIFACT',
  'MODEL_RUNTIME_ARTIFACT_HASH_MISMATCH',
  'MODEL_RUNTIME_ARTIFACT_NOT_FOUND',
] as const;

export type ModelRuntimeTfjsErrorCode = (typeof MODEL_RUNTIME_TFJS_ERROR_CODES)[number];

/** A tfjs backend name outside the supported list was requested (e.g. a typo in `TFJS_BACKEND`). */
export class ModelRuntimeUnknownBackendError extends InputError {
  constructor(field: string, value: string, known: readonly string[]) {
    super(
      'MODEL_RUNTIME_UNKNOWN_BACKEND',
      `Unknown tfjs backend ${JSON.stringify(value)} in ${field}; use one of ${known.join(', ')}.`,
      { details: { field, value, known: [...known] } },
    );
  }
}

/** One attempt made while choosing a tfjs backend. */
export interface BackendAttemptDetails {
  name: string;
  ok: boolean;
  error?: string;
}

/**
 * No requested tfjs backend could be initialised. Not transient: a missing package or native
 * library does not appear by retrying.
 */
export class ModelRuntimeBackendUnavailableError extends InternalError {
  constructor(tried: readonly BackendAttemptDetails[]) {
    const reasons = tried.map((t) => `${t.name}: ${t.error ?? 'failed'}`).join('; ');
    super(
      'MODEL_RUNTIME_BACKEND_UNAVAILABLE',
      `No tfjs backend could be initialised (${reasons}). Install the package of the backend you asked for ` +
        `(same version as @tensorflow/tfjs) or allow a fallback such as 'cpu' in the preferred list.`,
      { details: { tried: tried.map((t) => ({ ...t })) } },
    );
  }
}

/** A constructor or function option is out of range or of the wrong type. */
export class ModelRuntimeInvalidOptionError extends InputError {
  constructor(field: string, message: string, value?: unknown) {
    super('MODEL_RUNTIME_INVALID_OPTION', `Invalid option ${field}: ${message}`, {
      details: value === undefined ? { field } : { field, value: toDetailValue(value) },
    });
  }
}

/** Vectors do not have the dimension a model or adapter expects. */
export class ModelRuntimeDimensionMismatchError extends InputError {
  constructor(field: string, expected: number, actual: number, hint: string) {
    super(
      'MODEL_RUNTIME_DIMENSION_MISMATCH',
      `${field} has dimension ${actual} but ${expected} is expected; ${hint}`,
      { details: { field, expected, actual } },
    );
  }
}

/** A model or adapter was used after `dispose()`. */
export class ModelRuntimeModelDisposedError extends ConflictError {
  constructor(what: string) {
    super(
      'MODEL_RUNTIME_MODEL_DISPOSED',
      `${what} was used after dispose(); its tensors are released. Create or load it again.`,
      { details: { model: what } },
    );
  }
}

/** A model artifact (manifest + weights) is malformed; `issues` names every bad field. */
export class ModelRuntimeInvalidArtifactError extends ValidationError {
  constructor(issues: FieldIssue[], options: { cause?: unknown } = {}) {
    super('MODEL_RUNTIME_INVALID_ARTIFACT', issues, options);
    this.message = `Invalid model artifact: ${this.message}. Re-export it with saveModelArtifact().`;
  }
}

/**
 * The bytes of a model artifact do not match the hash recorded in its manifest: the weights
 * (or the manifest) were corrupted or altered after saving.
 */
export class ModelRuntimeArtifactHashMismatchError extends InputError {
  constructor(what: 'weights.sha256' | 'version', expected: string, actual: string) {
    super(
      'MODEL_RUNTIME_ARTIFACT_HASH_MISMATCH',
      `Model artifact ${what} mismatch: the manifest expects ${expected} but the content hashes to ${actual}. ` +
        'The weights or the manifest were altered or truncated after saving; fetch or export the artifact again.',
      { details: { field: what, expected, actual } },
    );
  }
}

/** An artifact directory lacks `model.json` or `weights.bin`. */
export class ModelRuntimeArtifactNotFoundError extends NotFoundError {
  constructor(path: string, options: { cause?: unknown } = {}) {
    super(
      'MODEL_RUNTIME_ARTIFACT_NOT_FOUND',
      `Model artifact file ${path} does not exist or cannot be read; write the directory with writeModelArtifactDir() first.`,
      { details: { path }, cause: options.cause },
    );
  }
}
