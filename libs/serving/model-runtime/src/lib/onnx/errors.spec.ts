import { isAppError, serializeError } from '@embedding-studio/errors';
import {
  MODEL_RUNTIME_ONNX_ERROR_CODES,
  ModelRuntimeModelDownloadFailedError,
  ModelRuntimeModelFileHashMismatchError,
  ModelRuntimeModelFilesMissingError,
  ModelRuntimeOnnxDisposedError,
  ModelRuntimeOnnxInferenceFailedError,
  ModelRuntimeOnnxInvalidOptionError,
  ModelRuntimeOnnxModelInvalidError,
  ModelRuntimeTokenizerInvalidError,
  ModelRuntimeUnknownModelError,
  ModelRuntimeWeightsInvalidError,
} from './errors.js';

describe('ONNX error catalogue', () => {
  const samples = [
    new ModelRuntimeTokenizerInvalidError([{ field: 'model.type', message: 'must be "WordPiece"' }]),
    new ModelRuntimeOnnxInvalidOptionError('batchSize', 'must be a positive integer', 0),
    new ModelRuntimeUnknownModelError('mini', ['all-minilm-l6-v2']),
    new ModelRuntimeModelFilesMissingError('/models/m', ['model.onnx'], 'Fetch it.'),
    new ModelRuntimeModelFileHashMismatchError('model.onnx', 'a'.repeat(64), 'b'.repeat(64)),
    new ModelRuntimeModelDownloadFailedError('m', [{ source: 'pypi x==1', error: 'offline' }]),
    new ModelRuntimeWeightsInvalidError([{ field: 'config.json.hidden_act', message: 'must be "gelu"' }]),
    new ModelRuntimeOnnxModelInvalidError([{ field: 'inputs', message: 'lack input_ids' }]),
    new ModelRuntimeOnnxDisposedError('m'),
    new ModelRuntimeOnnxInferenceFailedError('m', new Error('bad alloc')),
  ];

  it('has exactly one class per listed code, each an AppError named after its class', () => {
    expect(samples.map((e) => e.code)).toEqual([...MODEL_RUNTIME_ONNX_ERROR_CODES]);
    for (const e of samples) {
      expect(isAppError(e)).toBe(true);
      expect(e.name).toBe(e.constructor.name);
    }
  });

  it('maps meanings to transport-free categories', () => {
    expect(samples.map((e) => e.category)).toEqual([
      'validation', 'input', 'not-found', 'not-found', 'input', 'unavailable', 'validation', 'validation', 'conflict', 'internal',
    ]);
  });

  it('says what to do and keeps JSON-safe details', () => {
    expect(samples[2]?.message).toBe(
      'Unknown model "mini"; the registry knows all-minilm-l6-v2. Pass one of these names, or point ' +
        'createOnnxTextEncoder() at a directory with modelDir and no model name.',
    );
    expect(samples[5]?.message).toContain('pypi x==1: offline');
    expect(samples[9]?.message).toContain('bad alloc');
    expect(samples[9]?.cause).toBeInstanceOf(Error);
    expect(serializeError(samples[1] as Error)).toMatchObject({
      name: 'ModelRuntimeOnnxInvalidOptionError',
      code: 'MODEL_RUNTIME_ONNX_INVALID_OPTION',
      details: { field: 'batchSize', value: 0 },
    });
  });
});
