// An EmbeddingModel backed by an ONNX transformer run by onnxruntime-node on the CPU: WordPiece
// tokenization, length-sorted batching, mean (or first-token) pooling over the attention mask and
// L2 normalisation, matching sentence-transformers.
import { availableParallelism } from 'node:os';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import type { EmbeddingMatrix, EmbeddingModel } from '../embedding-model.js';
import { fetchHint, readModelManifest, sha256File, verifyModelDir } from '../models-cache/model-dir.js';
import { getModelSpec, manifestOf, type ModelManifest, type PoolingMode } from '../models-cache/registry.js';
import { WordPieceTokenizer, type TokenizedText } from '../tokenizer/wordpiece-tokenizer.js';
import {
  ModelRuntimeModelFilesMissingError,
  ModelRuntimeOnnxDisposedError,
  ModelRuntimeOnnxInferenceFailedError,
  ModelRuntimeOnnxInvalidOptionError,
  ModelRuntimeOnnxModelInvalidError,
} from './errors.js';
import { l2NormalizeRows, poolTokenStates } from './pooling.js';

/** The parts of the `onnxruntime-node` module the encoder uses. */
export type OnnxRuntimeModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

/** Options of {@link createOnnxTextEncoder}. */
export interface OnnxTextEncoderOptions {
  /** Directory holding `model.onnx` and `tokenizer.json` (e.g. the one `ensureModelFiles` returns). */
  modelDir: string;
  /**
   * Registry name (e.g. `all-minilm-l6-v2`) whose manifest gives the pinned hashes, id, pooling,
   * normalisation, max length and dimension.
   */
  model?: string;
  /**
   * Manifest to verify the files against and to take defaults from; wins over `model`.
   * @defaultValue the registry entry of `model`, else `<modelDir>/manifest.json` when present
   */
  manifest?: ModelManifest;
  /**
   * Check every file of the manifest against its pinned sha256 before loading.
   * @defaultValue true
   */
  verifyHashes?: boolean;
  /**
   * Model id reported by `id`.
   * @defaultValue the manifest's id, else the directory name
   */
  id?: string;
  /**
   * Longest token sequence, special tokens included.
   * @defaultValue the manifest's `maxLength`, else the tokenizer.json truncation length, else 512
   */
  maxLength?: number;
  /**
   * Pooling of token vectors.
   * @defaultValue the manifest's pooling, else `mean`
   */
  pooling?: PoolingMode;
  /**
   * L2-normalise text vectors.
   * @defaultValue the manifest's `normalize`, else true
   */
  normalize?: boolean;
  /**
   * Texts per onnxruntime call.
   * @defaultValue 32
   */
  batchSize?: number;
  /**
   * onnxruntime intra-op threads.
   * @defaultValue the number of CPU cores (`os.availableParallelism()`)
   */
  intraOpThreads?: number;
  /**
   * Sort texts by token count before batching, so each batch pads little; results keep input order.
   * @defaultValue true
   */
  sortByLength?: boolean;
  /**
   * Run one short text at load time, so the first real call does not pay for graph initialisation.
   * @defaultValue true
   */
  warmUp?: boolean;
  /**
   * The onnxruntime module to use.
   * @defaultValue `await import('onnxruntime-node')`
   */
  onnxruntime?: OnnxRuntimeModule;
}

/** Everything an {@link OnnxTextEncoder} runs on; built by {@link createOnnxTextEncoder}. */
export interface OnnxTextEncoderParts {
  id: string;
  version: string;
  dimension: number;
  tokenizer: WordPieceTokenizer;
  session: Ort.InferenceSession;
  ort: OnnxRuntimeModule;
  feeds: { attentionMask: boolean; tokenTypeIds: boolean };
  outputName: string;
  pooling: PoolingMode;
  normalize: boolean;
  batchSize: number;
  sortByLength: boolean;
}

/**
 * A text encoder over an ONNX transformer. Queries and items are embedded the same way. Runs are
 * serialised: concurrent calls queue instead of competing for the CPU threads.
 */
export class OnnxTextEncoder implements EmbeddingModel {
  readonly id: string;
  /** sha256 of `model.onnx`. */
  readonly version: string;
  readonly dimension: number;
  /** Longest token sequence, special tokens included. */
  readonly maxLength: number;
  private readonly parts: OnnxTextEncoderParts;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  /** Use {@link createOnnxTextEncoder}. */
  constructor(parts: OnnxTextEncoderParts) {
    this.parts = parts;
    this.id = parts.id;
    this.version = parts.version;
    this.dimension = parts.dimension;
    this.maxLength = parts.tokenizer.maxLength;
  }

  /** Names of the model inputs that are fed (`input_ids`, plus the mask and segment ids where the model declares them). */
  get inputNames(): string[] {
    const f = this.parts.feeds;
    return ['input_ids', ...(f.attentionMask ? ['attention_mask'] : []), ...(f.tokenTypeIds ? ['token_type_ids'] : [])];
  }

  /** Tokenizes a text exactly as the encoder does (template and truncation included). */
  tokenize(text: string): TokenizedText {
    return this.parts.tokenizer.encode(text);
  }

  embedQueries(texts: readonly string[]): Promise<EmbeddingMatrix> {
    return this.embed(texts, 'texts');
  }

  embedItems(texts: readonly string[]): Promise<EmbeddingMatrix> {
    return this.embed(texts, 'texts');
  }

  /** Releases the onnxruntime session after the queued runs finish. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.catch(() => undefined);
    await this.parts.session.release();
  }

  private async embed(texts: readonly string[], field: string): Promise<EmbeddingMatrix> {
    if (this.disposed) throw new ModelRuntimeOnnxDisposedError(this.id);
    if (!Array.isArray(texts)) throw new ModelRuntimeOnnxInvalidOptionError(field, 'must be an array of strings', texts);
    texts.forEach((t, i) => {
      if (typeof t !== 'string') throw new ModelRuntimeOnnxInvalidOptionError(`${field}[${i}]`, 'must be a string', t);
    });
    const { tokenizer, batchSize, sortByLength } = this.parts;
    const D = this.dimension;
    const data = new Float32Array(texts.length * D);
    const encodings = texts.map((t) => tokenizer.encode(t));
    const order = encodings.map((_, i) => i);
    if (sortByLength) order.sort((a, b) => (encodings[b] as TokenizedText).ids.length - (encodings[a] as TokenizedText).ids.length || a - b);
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      const vectors = await this.enqueue(() => this.runBatch(rows.map((i) => encodings[i] as TokenizedText)));
      rows.forEach((row, j) => data.set(vectors.subarray(j * D, (j + 1) * D), row * D));
    }
    return { count: texts.length, dimension: D, data };
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new ModelRuntimeOnnxDisposedError(this.id);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runBatch(encodings: readonly TokenizedText[]): Promise<Float32Array> {
    return runEncoderBatch(this.parts, encodings);
  }
}

/** Runs one padded batch and returns its pooled (and normalised) vectors, `[rows, dimension]`. */
async function runEncoderBatch(
  parts: Omit<OnnxTextEncoderParts, 'dimension' | 'version'> & { dimension?: number },
  encodings: readonly TokenizedText[],
): Promise<Float32Array> {
  const { ort, session, tokenizer, feeds: want } = parts;
  const batch = tokenizer.pad(encodings);
  const dims = [batch.size, batch.sequenceLength];
  const feeds: Record<string, Ort.Tensor> = { input_ids: new ort.Tensor('int64', batch.inputIds, dims) };
  if (want.attentionMask) feeds['attention_mask'] = new ort.Tensor('int64', batch.attentionMask, dims);
  if (want.tokenTypeIds) feeds['token_type_ids'] = new ort.Tensor('int64', batch.tokenTypeIds, dims);
  let output: Ort.Tensor | undefined;
  try {
    const result = await session.run(feeds);
    output = result[parts.outputName] as Ort.Tensor | undefined;
  } catch (err) {
    throw new ModelRuntimeOnnxInferenceFailedError(parts.id, err);
  } finally {
    for (const t of Object.values(feeds)) t.dispose();
  }
  if (!output || output.type !== 'float32') {
    throw new ModelRuntimeOnnxModelInvalidError([{ field: parts.outputName, message: `must be a float32 tensor, got ${output?.type ?? 'nothing'}` }]);
  }
  const shape = output.dims;
  const values = output.data as Float32Array;
  let pooled: Float32Array;
  let dimension: number;
  if (shape.length === 3 && shape[0] === batch.size && shape[1] === batch.sequenceLength) {
    dimension = shape[2] as number;
    pooled = poolTokenStates(
      { data: values, batchSize: batch.size, sequenceLength: batch.sequenceLength, dimension, attentionMask: batch.attentionMask },
      parts.pooling,
    );
  } else if (shape.length === 2 && shape[0] === batch.size) {
    dimension = shape[1] as number;
    pooled = Float32Array.from(values);
  } else {
    output.dispose();
    throw new ModelRuntimeOnnxModelInvalidError([
      { field: parts.outputName, message: `has shape [${shape.join(', ')}]; [batch, sequence, hidden] or [batch, hidden] expected` },
    ]);
  }
  output.dispose();
  if (parts.dimension !== undefined && dimension !== parts.dimension) {
    throw new ModelRuntimeOnnxModelInvalidError([
      { field: parts.outputName, message: `has dimension ${dimension} but the manifest says ${parts.dimension}` },
    ]);
  }
  return parts.normalize ? l2NormalizeRows(pooled, dimension) : pooled;
}

function positiveInt(field: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new ModelRuntimeOnnxInvalidOptionError(field, 'must be a positive integer', v);
  return v;
}

/**
 * Loads an ONNX text encoder from a model directory: verifies the files against the manifest
 * (when one is known), reads `tokenizer.json`, opens an onnxruntime CPU session and warms it up.
 * @throws ModelRuntimeModelFilesMissingError when `model.onnx` or `tokenizer.json` is absent
 * @throws ModelRuntimeModelFileHashMismatchError when a file differs from the manifest's pin
 * @throws ModelRuntimeOnnxModelInvalidError when the graph lacks `input_ids` or a usable output
 * @throws ModelRuntimeOnnxInvalidOptionError for out-of-range options
 */
export async function createOnnxTextEncoder(options: OnnxTextEncoderOptions): Promise<OnnxTextEncoder> {
  if (typeof options.modelDir !== 'string' || !options.modelDir) {
    throw new ModelRuntimeOnnxInvalidOptionError('modelDir', 'must be the path of a model directory', options.modelDir);
  }
  const dir = resolve(options.modelDir);
  const batchSize = positiveInt('batchSize', options.batchSize, 32);
  const intraOpThreads = positiveInt('intraOpThreads', options.intraOpThreads, availableParallelism());
  if (options.pooling !== undefined && options.pooling !== 'mean' && options.pooling !== 'cls') {
    throw new ModelRuntimeOnnxInvalidOptionError('pooling', "must be 'mean' or 'cls'", options.pooling);
  }
  const manifest =
    options.manifest ?? (options.model !== undefined ? manifestOf(getModelSpec(options.model)) : await readModelManifest(dir));

  const modelPath = join(dir, 'model.onnx');
  const tokenizerPath = join(dir, 'tokenizer.json');
  const missing: string[] = [];
  for (const f of ['model.onnx', 'tokenizer.json']) {
    const s = await stat(join(dir, f)).catch(() => undefined);
    if (!s?.isFile()) missing.push(f);
  }
  if (missing.length > 0) throw new ModelRuntimeModelFilesMissingError(dir, missing, fetchHint(manifest?.name));

  let version: string;
  if (manifest && options.verifyHashes !== false) {
    version = (await verifyModelDir(dir, manifest)).sha256['model.onnx'] ?? (await sha256File(modelPath));
  } else {
    version = manifest?.files['model.onnx']?.sha256 ?? (await sha256File(modelPath));
  }

  let tokenizerJson: unknown;
  try {
    tokenizerJson = JSON.parse(await readFile(tokenizerPath, 'utf8'));
  } catch (err) {
    throw new ModelRuntimeOnnxModelInvalidError([{ field: 'tokenizer.json', message: 'is not valid JSON' }], { cause: err });
  }
  const maxLength = options.maxLength ?? manifest?.maxLength;
  const tokenizer = WordPieceTokenizer.fromJSON(tokenizerJson, maxLength === undefined ? {} : { maxLength });

  const ort: OnnxRuntimeModule = options.onnxruntime ?? (await import('onnxruntime-node'));
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ['cpu'],
      intraOpNumThreads: intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    throw new ModelRuntimeOnnxModelInvalidError([{ field: 'model.onnx', message: 'onnxruntime cannot load it' }], { cause: err });
  }

  try {
    const inputs = session.inputNames;
    const known = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
    const issues = [
      ...(inputs.includes('input_ids') ? [] : [{ field: 'inputs', message: `lack input_ids (has ${inputs.join(', ')})` }]),
      ...inputs.filter((n) => !known.has(n)).map((n) => ({ field: `inputs.${n}`, message: 'is not an input a text encoder can feed' })),
    ];
    const outputName = session.outputNames.includes('last_hidden_state')
      ? 'last_hidden_state'
      : session.outputNames.includes('sentence_embedding')
        ? 'sentence_embedding'
        : session.outputNames[0];
    if (!outputName) issues.push({ field: 'outputs', message: 'the model has no output' });
    if (issues.length > 0) throw new ModelRuntimeOnnxModelInvalidError(issues);

    const parts = {
      id: options.id ?? manifest?.id ?? basename(dir),
      tokenizer,
      session,
      ort,
      feeds: { attentionMask: inputs.includes('attention_mask'), tokenTypeIds: inputs.includes('token_type_ids') },
      outputName: outputName as string,
      pooling: options.pooling ?? manifest?.pooling ?? 'mean',
      normalize: options.normalize ?? manifest?.normalize ?? true,
      batchSize,
      sortByLength: options.sortByLength ?? true,
    };
    // One run settles the dimension (and warms the session up).
    let dimension = manifest?.dimension;
    if (options.warmUp !== false || dimension === undefined) {
      const probe = await runEncoderBatch(
        dimension === undefined ? parts : { ...parts, dimension },
        [tokenizer.encode('warm up')],
      );
      dimension = probe.length;
    }
    return new OnnxTextEncoder({ ...parts, version, dimension });
  } catch (err) {
    await session.release();
    throw err;
  }
}
