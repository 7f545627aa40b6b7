// Public API of @embedding-studio/model-runtime.

// Models: the port every encoder implements.
export type { EmbeddingMatrix, EmbeddingModel } from './lib/embedding-model.js';

// ONNX text encoder.
export { OnnxTextEncoder, createOnnxTextEncoder } from './lib/onnx/onnx-text-encoder.js';
export type { OnnxRuntimeModule, OnnxTextEncoderOptions, OnnxTextEncoderParts } from './lib/onnx/onnx-text-encoder.js';
export { l2NormalizeRows, poolTokenStates } from './lib/onnx/pooling.js';
export type { TokenStates } from './lib/onnx/pooling.js';

// Tokenizer.
export { WordPieceTokenizer } from './lib/tokenizer/wordpiece-tokenizer.js';
export type { TokenizedBatch, TokenizedText, WordPieceTokenizerOptions } from './lib/tokenizer/wordpiece-tokenizer.js';

// Models: the registry and the local cache (fetching and conversion are @embedding-studio/model-files).
export { DEFAULT_MODEL_NAME, getModelSpec, listModelNames, manifestOf } from './lib/models-cache/registry.js';
export type {
  HubSource,
  ModelFileEntry,
  ModelManifest,
  ModelSource,
  ModelSpec,
  PoolingMode,
  PypiWheelSource,
} from './lib/models-cache/registry.js';
export {
  DEFAULT_MODELS_CACHE_SUBDIR,
  MODEL_MANIFEST_FILE,
  readModelManifest,
  resolveModelsCacheDir,
  sha256File,
  verifyModelDir,
} from './lib/models-cache/model-dir.js';
export type { ResolveModelsCacheDirOptions, VerifiedModelDir } from './lib/models-cache/model-dir.js';

// Errors of the ONNX stack.
export {
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
} from './lib/onnx/errors.js';
export type { ModelRuntimeOnnxErrorCode, ModelSourceAttempt } from './lib/onnx/errors.js';
