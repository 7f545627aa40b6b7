// Secondary entry `@embedding-studio/model-runtime/tfjs`: tfjs-backed parts. `@tensorflow/tfjs` is a
// peer dependency; importing this entry registers no backend (call initTfjsBackend()).
export {
  TFJS_BACKEND_NAMES,
  initTfjsBackend,
  locateTfjsWasmDirectory,
  parseTfjsBackendName,
} from './lib/tfjs/backend/init-backend.js';
export type {
  InitTfjsBackendOptions,
  InitTfjsBackendResult,
  TfjsBackendAttempt,
  TfjsBackendEngine,
  TfjsBackendImporters,
  TfjsBackendLogger,
  TfjsBackendName,
  TfjsWasmModule,
} from './lib/tfjs/backend/init-backend.js';

export { ADAPTER_SIDES } from './lib/tfjs/adapters/embedding-adapter.js';
export type { AdapterKind, AdapterSide, EmbeddingAdapter } from './lib/tfjs/adapters/embedding-adapter.js';
export { LinearAdapter, MAX_ADAPTER_DIMENSION } from './lib/tfjs/adapters/linear-adapter.js';
export type { LinearAdapterConfig, LinearAdapterOptions } from './lib/tfjs/adapters/linear-adapter.js';
export { LowRankResidualAdapter } from './lib/tfjs/adapters/low-rank-residual-adapter.js';
export type { LowRankResidualAdapterConfig, LowRankResidualAdapterOptions } from './lib/tfjs/adapters/low-rank-residual-adapter.js';
export { AdaptedEmbeddingModel } from './lib/tfjs/adapters/adapted-embedding-model.js';
export type { AdaptedEmbeddingModelOptions } from './lib/tfjs/adapters/adapted-embedding-model.js';

export { HashedNgramEncoder, MAX_HASHED_BUCKETS, MAX_HASHED_DIMENSION } from './lib/tfjs/encoders/hashed-ngram-encoder.js';
export type { HashedNgramEncoderConfig, HashedNgramEncoderOptions, HashedNgramPooling } from './lib/tfjs/encoders/hashed-ngram-encoder.js';
export { hashedNgramFeatures } from './lib/tfjs/encoders/hashed-ngram-features.js';
export type { HashedFeatureBatch, HashedNgramFeatureConfig } from './lib/tfjs/encoders/hashed-ngram-features.js';

export {
  MODEL_ARTIFACT_FORMAT,
  MODEL_ARTIFACT_FORMAT_VERSION,
  TFJS_MODEL_KINDS,
  loadModelArtifact,
  saveModelArtifact,
} from './lib/tfjs/artifacts/model-artifact.js';
export type {
  LoadModelArtifactOptions,
  ModelArtifact,
  ModelArtifactManifest,
  ModelArtifactTensor,
  TfjsModel,
  TfjsModelByKind,
  TfjsModelKind,
} from './lib/tfjs/artifacts/model-artifact.js';
export {
  MODEL_ARTIFACT_BUNDLE_CONTENT_TYPE,
  MODEL_ARTIFACT_BUNDLE_EXTENSION,
  decodeModelArtifact,
  encodeModelArtifact,
} from './lib/tfjs/artifacts/model-artifact-bundle.js';
export { MODEL_ARTIFACT_FILES, readModelArtifactDir, writeModelArtifactDir } from './lib/tfjs/artifacts/model-artifact-dir.js';
export type { ModelArtifactPaths } from './lib/tfjs/artifacts/model-artifact-dir.js';
export type { NamedWeight } from './lib/tfjs/model/weights.js';

export {
  MODEL_RUNTIME_TFJS_ERROR_CODES,
  ModelRuntimeArtifactHashMismatchError,
  ModelRuntimeArtifactNotFoundError,
  ModelRuntimeBackendUnavailableError,
  ModelRuntimeDimensionMismatchError,
  ModelRuntimeInvalidArtifactError,
  ModelRuntimeInvalidOptionError,
  ModelRuntimeModelDisposedError,
  ModelRuntimeUnknownBackendError,
} from './lib/tfjs/errors.js';
export type { BackendAttemptDetails, ModelRuntimeTfjsErrorCode } from './lib/tfjs/errors.js';
