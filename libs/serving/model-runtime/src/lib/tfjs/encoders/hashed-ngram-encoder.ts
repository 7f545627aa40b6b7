import * as tf from '@tensorflow/tfjs';
import type { EmbeddingMatrix, EmbeddingModel } from '../../embedding-model.js';
import { fillNormal } from '../model/init.js';
import { gatherDistinctRows, l2NormalizeRows, matMul2d } from '../model/ops.js';
import { ModelRuntimeInvalidOptionError, ModelRuntimeModelDisposedError } from '../errors.js';
import {
  booleanOption,
  expectWeights,
  finiteNumber,
  makeVariable,
  nonEmptyString,
  oneOf,
  positiveInteger,
  readVariable,
  seedOption,
} from '../model/validate.js';
import { versionOfWeights, type NamedWeight } from '../model/weights.js';
import { buildFeatureBatch, hashedNgramFeatures, seedBasis, type HashedFeatureBatch, type HashedNgramFeatureConfig } from './hashed-ngram-features.js';

/** Most buckets a table may have (2^24 × 128 dims is already 8 GiB of float32). */
export const MAX_HASHED_BUCKETS = 1 << 24;
/** Largest embedding dimension of the hashed encoder. */
export const MAX_HASHED_DIMENSION = 4096;

export type HashedNgramPooling = 'mean' | 'sqrtn';

export interface HashedNgramEncoderOptions {
  /** Model id reported as {@link EmbeddingModel.id}. @defaultValue 'embedding-studio/hashed-ngram' */
  id?: string;
  /** Rows of the embedding table; more buckets, fewer collisions, more memory (`buckets × dimension × 4` bytes). @defaultValue 65536 */
  buckets?: number;
  /** Embedding dimension. @defaultValue 128 */
  dimension?: number;
  /** Seed of both the hashing and the initial table. @defaultValue 0 */
  seed?: number | string;
  /** Hash each word. @defaultValue true */
  wordUnigrams?: boolean;
  /** Hash each pair of adjacent words. @defaultValue true */
  wordBigrams?: boolean;
  /** Inclusive range of character n-gram lengths over `<word>`, or `null` for none. @defaultValue [3, 5] */
  charNgramRange?: readonly [number, number] | null;
  /** Lower-case before hashing. @defaultValue true */
  lowercase?: boolean;
  /** Features kept per text (the rest of a long text is ignored). @defaultValue 4096 */
  maxFeaturesPerText?: number;
  /** How bucket vectors are pooled: sum / n (`mean`) or sum / sqrt(n) (`sqrtn`). @defaultValue 'sqrtn' */
  pooling?: HashedNgramPooling;
  /** L2-normalise outputs. @defaultValue true */
  normalize?: boolean;
  /** Standard deviation of the initial table entries. @defaultValue `1 / sqrt(dimension)` */
  initStd?: number;
  /**
   * How `embedQueries`/`embedItems` compute (not part of the model's identity):
   * - `js`: sums table rows in plain JavaScript from a copy of the table read once per table
   *   change (tracked through the variable's data id, so training invalidates it). Fastest on
   *   every backend (gather is slow on cpu and wasm); the cpu backend shares its array, other
   *   backends then hold the table twice (backend memory + JavaScript copy).
   * - `tensor`: runs {@link HashedNgramEncoder.forward} in batches of `batchSize` on the active
   *   backend (no second copy of the table).
   * @defaultValue 'js'
   */
  inference?: 'js' | 'tensor';
  /** Texts per tensor batch when `inference` is `tensor`. @defaultValue 64 */
  batchSize?: number;
}

/** The JSON config of a {@link HashedNgramEncoder}, as stored in an artifact manifest. */
export type HashedNgramEncoderConfig = {
  readonly id: string;
  readonly buckets: number;
  readonly dimension: number;
  readonly seed: number | string;
  readonly wordUnigrams: boolean;
  readonly wordBigrams: boolean;
  readonly charNgramRange: readonly [number, number] | null;
  readonly lowercase: boolean;
  readonly maxFeaturesPerText: number;
  readonly pooling: HashedNgramPooling;
  readonly normalize: boolean;
  readonly initStd: number;
};

/**
 * A zero-download, fully trainable text encoder: hashed word unigrams and bigrams plus
 * character 3–5-grams, looked up in a `[buckets, dimension]` embedding table (a tf.Variable),
 * pooled and L2-normalised. Untrained it is a seeded random projection of the n-gram bag, i.e.
 * a lexical (typo-tolerant) similarity; training on clicks moves the bucket vectors.
 *
 * Training: call {@link HashedNgramEncoder.forward} (or {@link HashedNgramEncoder.tokenize} once
 * and {@link HashedNgramEncoder.forwardIndices} per step) inside an optimiser step over
 * {@link HashedNgramEncoder.trainableVariables}. Gradients reach every bucket used by the batch,
 * on every backend (cpu, wasm, tensorflow).
 *
 * `version` is the sha256 content hash of config + table, computed on first use and then
 * cached; call {@link HashedNgramEncoder.refreshVersion} after training changes the table.
 */
export class HashedNgramEncoder implements EmbeddingModel {
  readonly kind = 'hashed-ngram-encoder' as const;
  readonly id: string;
  readonly dimension: number;
  readonly batchSize: number;
  readonly inference: 'js' | 'tensor';
  private readonly config: HashedNgramEncoderConfig;
  private readonly table: tf.Variable;
  private cachedVersion: string | undefined;
  /** The table values for `js` inference, valid while the variable keeps this data id. */
  private inferenceTable: { dataId: object; values: Float32Array } | undefined;
  private isDisposed = false;

  /**
   * @param options - hashing and table shape.
   * @param initialWeights - start from this `table` instead of the seeded init (used when
   *   loading an artifact).
   * @param knownVersion - the version of `initialWeights` when already known (skips hashing).
   */
  constructor(options: HashedNgramEncoderOptions = {}, initialWeights?: readonly NamedWeight[], knownVersion?: string) {
    this.config = parseHashedNgramEncoderConfig(options);
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 64, 1 << 16);
    this.inference = oneOf('inference', options.inference ?? 'js', ['js', 'tensor'] as const);
    this.id = this.config.id;
    this.dimension = this.config.dimension;
    const { buckets, dimension } = this.config;
    let values: Float32Array;
    if (initialWeights) {
      values = expectWeights('hashed-ngram-encoder', initialWeights, { table: [buckets, dimension] }).get('table') as Float32Array;
      this.cachedVersion = knownVersion;
    } else {
      values = fillNormal(new Float32Array(buckets * dimension), this.config.seed, this.config.initStd);
    }
    this.table = makeVariable(values, [buckets, dimension]);
  }

  /** sha256 of kind + config + table (cached; see {@link HashedNgramEncoder.refreshVersion}). */
  get version(): string {
    this.cachedVersion ??= versionOfWeights(this.kind, this.config, this.getWeights());
    return this.cachedVersion;
  }

  /** Recomputes {@link HashedNgramEncoder.version} from the current table (after training). */
  refreshVersion(): string {
    this.cachedVersion = undefined;
    return this.version;
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** `[table]`, the `[buckets, dimension]` embedding table. */
  get trainableVariables(): readonly tf.Variable[] {
    this.assertUsable();
    return [this.table];
  }

  getConfig(): HashedNgramEncoderConfig {
    return { ...this.config };
  }

  /** A copy of the table. */
  getWeights(): NamedWeight[] {
    this.assertUsable();
    return [{ name: 'table', shape: [this.config.buckets, this.config.dimension], values: readVariable(this.table) }];
  }

  /** Hashes texts into a reusable lookup batch (pure JavaScript, no tensors). */
  tokenize(texts: readonly string[]): HashedFeatureBatch {
    return buildFeatureBatch(texts, this.featureConfig(), this.config.pooling);
  }

  /** Differentiable `[batch.size, dimension]` embeddings of a tokenised batch (the caller owns the result). */
  forwardIndices(batch: HashedFeatureBatch): tf.Tensor2D {
    this.assertUsable();
    const width = batch.buckets.length;
    if (batch.weights.length !== batch.size * width) {
      throw new ModelRuntimeInvalidOptionError('batch.weights', `holds ${batch.weights.length} values, expected size × buckets = ${batch.size * width}.`);
    }
    const { buckets } = this.config;
    for (const b of batch.buckets) {
      if (!Number.isInteger(b) || b < 0 || b >= buckets) {
        throw new ModelRuntimeInvalidOptionError('batch.buckets', `holds bucket ${b}, outside 0..${buckets - 1}; tokenize() with this encoder.`);
      }
    }
    return tf.tidy(() => {
      if (batch.size === 0 || width === 0) return tf.zeros([batch.size, this.dimension]) as tf.Tensor2D;
      const indices = tf.tensor1d(batch.buckets, 'int32');
      const rows = gatherDistinctRows(this.table, indices);
      const pooled = matMul2d(tf.tensor2d(batch.weights, [batch.size, width], 'float32'), rows);
      return this.config.normalize ? l2NormalizeRows(pooled) : pooled;
    });
  }

  /** `forwardIndices(tokenize(texts))`. */
  forward(texts: readonly string[]): tf.Tensor2D {
    return this.forwardIndices(this.tokenize(texts));
  }

  embedQueries(texts: readonly string[]): Promise<EmbeddingMatrix> {
    return this.embed(texts);
  }

  embedItems(texts: readonly string[]): Promise<EmbeddingMatrix> {
    return this.embed(texts);
  }

  /** Releases the table. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.inferenceTable = undefined;
    this.table.dispose();
  }

  private async embed(texts: readonly string[]): Promise<EmbeddingMatrix> {
    this.assertUsable();
    const { dimension } = this;
    const data = new Float32Array(texts.length * dimension);
    if (this.inference === 'js') {
      this.embedInJs(texts, data);
    } else {
      for (let start = 0; start < texts.length; start += this.batchSize) {
        const out = this.forward(texts.slice(start, start + this.batchSize));
        try {
          data.set((await out.data()) as Float32Array, start * dimension);
        } finally {
          out.dispose();
        }
      }
    }
    return { count: texts.length, dimension, data };
  }

  /** The same pooling as {@link HashedNgramEncoder.forwardIndices}, accumulated in float64. */
  private embedInJs(texts: readonly string[], out: Float32Array): void {
    const table = this.tableValues();
    const { dimension: d } = this;
    const { pooling, normalize, seed } = this.config;
    const config = this.featureConfig();
    const basis = seedBasis(seed);
    const acc = new Float64Array(d);
    texts.forEach((text, row) => {
      const features = hashedNgramFeatures(text, config, basis);
      const n = features.length;
      if (n === 0) return;
      acc.fill(0);
      for (const bucket of features) {
        const offset = bucket * d;
        for (let j = 0; j < d; j++) acc[j] = (acc[j] as number) + (table[offset + j] as number);
      }
      let scale = pooling === 'mean' ? 1 / n : 1 / Math.sqrt(n);
      if (normalize) {
        let sq = 0;
        for (let j = 0; j < d; j++) sq += ((acc[j] as number) * scale) ** 2;
        scale = sq > 0 ? scale / Math.sqrt(sq) : 0;
      }
      const base = row * d;
      for (let j = 0; j < d; j++) out[base + j] = (acc[j] as number) * scale;
    });
  }

  private tableValues(): Float32Array {
    const { dataId } = this.table;
    if (this.inferenceTable?.dataId !== dataId) {
      // Tensor data is immutable (training assigns a new data id), so the array stays valid.
      this.inferenceTable = { dataId, values: this.table.dataSync() as Float32Array };
    }
    return this.inferenceTable.values;
  }

  private featureConfig(): HashedNgramFeatureConfig {
    const { buckets, seed, wordUnigrams, wordBigrams, charNgramRange, lowercase, maxFeaturesPerText } = this.config;
    return { buckets, seed, wordUnigrams, wordBigrams, charNgramRange, lowercase, maxFeaturesPerText };
  }

  private assertUsable(): void {
    if (this.isDisposed) throw new ModelRuntimeModelDisposedError(`HashedNgramEncoder ${this.id}`);
  }
}

/** Validates options (or a stored config) and fills defaults. */
export function parseHashedNgramEncoderConfig(options: HashedNgramEncoderOptions): HashedNgramEncoderConfig {
  const dimension = positiveInteger('dimension', options.dimension ?? 128, MAX_HASHED_DIMENSION);
  let charNgramRange: readonly [number, number] | null = null;
  const range = options.charNgramRange === undefined ? [3, 5] : options.charNgramRange;
  if (range !== null) {
    if (!Array.isArray(range) || range.length !== 2) {
      throw new ModelRuntimeInvalidOptionError('charNgramRange', 'must be [min, max] or null.', range);
    }
    const min = positiveInteger('charNgramRange[0]', range[0], 32);
    const max = positiveInteger('charNgramRange[1]', range[1], 32);
    if (max < min) throw new ModelRuntimeInvalidOptionError('charNgramRange', `max (${max}) must be ≥ min (${min}).`, range);
    charNgramRange = [min, max];
  }
  const config: HashedNgramEncoderConfig = {
    id: nonEmptyString('id', options.id ?? 'embedding-studio/hashed-ngram'),
    buckets: positiveInteger('buckets', options.buckets ?? 1 << 16, MAX_HASHED_BUCKETS),
    dimension,
    seed: seedOption('seed', options.seed ?? 0),
    wordUnigrams: booleanOption('wordUnigrams', options.wordUnigrams ?? true),
    wordBigrams: booleanOption('wordBigrams', options.wordBigrams ?? true),
    charNgramRange,
    lowercase: booleanOption('lowercase', options.lowercase ?? true),
    maxFeaturesPerText: positiveInteger('maxFeaturesPerText', options.maxFeaturesPerText ?? 4096),
    pooling: oneOf('pooling', options.pooling ?? 'sqrtn', ['mean', 'sqrtn'] as const),
    normalize: booleanOption('normalize', options.normalize ?? true),
    initStd: finiteNumber('initStd', options.initStd ?? 1 / Math.sqrt(dimension), 0, 10),
  };
  if (!config.wordUnigrams && !config.wordBigrams && config.charNgramRange === null) {
    throw new ModelRuntimeInvalidOptionError('wordUnigrams', 'at least one of wordUnigrams, wordBigrams or charNgramRange must be enabled.');
  }
  return config;
}
