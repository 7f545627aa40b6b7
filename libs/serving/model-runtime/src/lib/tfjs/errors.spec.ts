import { isAppError, serializeError } from '@embedding-studio/errors';
import {
  MODEL_RUNTIME_TFJS_ERROR_CODES,
  ModelRuntimeArtifactHashMismatchError,
  ModelRuntimeArtifactNotFoundError,
  ModelRuntimeBackendUnavailableError,
  ModelRuntimeDimensionMismatchError,
  ModelRuntimeInvalidArtifactError,
  ModelRuntimeInvalidOptionError,
  ModelRuntimeModelDisposedError,
  ModelRuntimeUnknownBackendError,
} from './errors.js';

describe('tfjs error catalogue', () => {
  const samples = [
    new ModelRuntimeUnknownBackendError('TFJS_BACKEND', 'gpu', ['cpu']),
    new ModelRuntimeBackendUnavailableError([{ name: 'wasm', ok: false, error: 'boom' }]),
    new ModelRuntimeInvalidOptionError('rank', 'must be positive.', -1),
    new ModelRuntimeDimensionMismatchError('vectors', 384, 768, 'use the matching base model.'),
    new ModelRuntimeModelDisposedError('linear-adapter'),
    new ModelRuntimeInvalidArtifactError([{ field: 'kind', message: 'unknown' }]),
    new ModelRuntimeArtifactHashMismatchError('weights.sha256', 'a'.repeat(64), 'b'.repeat(64)),
    new ModelRuntimeArtifactNotFoundError('models/x/model.json'),
  ];

  it('has exactly one class per listed code, each an AppError with its own name', () => {
    expect(samples.map((e) => e.code).sort()).toEqual([...MODEL_RUNTIME_TFJS_ERROR_CODES].sort());
    for (const e of samples) {
      expect(isAppError(e)).toBe(true);
      expect(e.name).toBe(e.constructor.name);
      expect(e.code).toMatch(/^MODEL_RUNTIME_[A-Z_]+$/);
    }
  });

  it('maps meanings to transport-free categories', () => {
    expect(samples.map((e) => [e.code, e.category])).toEqual([
      ['MODEL_RUNTIME_UNKNOWN_BACKEND', 'input'],
      ['MODEL_RUNTIME_BACKEND_UNAVAILABLE', 'internal'],
      ['MODEL_RUNTIME_INVALID_OPTION', 'input'],
      ['MODEL_RUNTIME_DIMENSION_MISMATCH', 'input'],
      ['MODEL_RUNTIME_MODEL_DISPOSED', 'conflict'],
      ['MODEL_RUNTIME_INVALID_ARTIFACT', 'validation'],
      ['MODEL_RUNTIME_ARTIFACT_HASH_MISMATCH', 'input'],
      ['MODEL_RUNTIME_ARTIFACT_NOT_FOUND', 'not-found'],
    ]);
  });

  it('serialises with JSON-safe details', () => {
    const out = serializeError(new ModelRuntimeInvalidOptionError('weights', 'bad', new Float32Array(3)));
    expect(out).toMatchObject({ code: 'MODEL_RUNTIME_INVALID_OPTION', details: { field: 'weights', value: 'object' } });
    expect(new ModelRuntimeDimensionMismatchError('vectors', 384, 768, 'use the matching base model.').message).toBe(
      'vectors has dimension 768 but 384 is expected; use the matching base model.',
    );
  });
});
