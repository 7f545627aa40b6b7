import * as tf from '@tensorflow/tfjs';
import type { EmbeddingMatrix } from '../../embedding-model.js';
import { ModelRuntimeDimensionMismatchError, ModelRuntimeInvalidOptionError, ModelRuntimeModelDisposedError } from '../errors.js';
import { l2NormalizeRows } from '../model/ops.js';
import { readVariable } from '../model/validate.js';
import type { JsonValue } from '@embedding-studio/primitives';
import { versionOfWeights, type NamedWeight } from '../model/weights.js';

/**
 * Which vectors an adapter transforms.
 *
 * - `query`: only query vectors. Items keep their base vectors, so deploying (or rolling back)
 *   the adapter needs **no re-indexing** — the cheap, safe default.
 * - `item`: only item vectors; every indexed item must be re-embedded when it changes.
 * - `both`: the same adapter on both sides (a symmetric change of space); needs re-indexing.
 */
export type AdapterSide = 'query' | 'item' | 'both';

export const ADAPTER_SIDES: readonly AdapterSide[] = ['query', 'item', 'both'];

export type AdapterKind = 'linear-adapter' | 'low-rank-residual-adapter';

/** Rows per tensor in {@link EmbeddingAdapter.apply}. */
const APPLY_CHUNK_ROWS = 8192;

/**
 * A trainable transform applied to the vectors of any base encoder (including vectors computed
 * elsewhere). Inference goes through {@link EmbeddingAdapter.apply}; training calls
 * {@link EmbeddingAdapter.forward} inside an optimiser step over
 * {@link EmbeddingAdapter.trainableVariables}.
 */
export interface EmbeddingAdapter {
  readonly kind: AdapterKind;
  readonly side: AdapterSide;
  readonly inputDimension: number;
  readonly outputDimension: number;
  /** Whether outputs are L2-normalised. */
  readonly normalize: boolean;
  /** The variables an optimiser should update. */
  readonly trainableVariables: readonly tf.Variable[];
  readonly disposed: boolean;
  /** Differentiable transform of a `[n, inputDimension]` tensor (the caller owns the result). */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Transforms plain vectors: an {@link EmbeddingMatrix}, or a `Float32Array` of one or more
   * rows of `inputDimension`. No tensor outlives the call.
   */
  apply(vectors: EmbeddingMatrix | Float32Array): EmbeddingMatrix;
  /** The JSON config that, with the weights, rebuilds this adapter. */
  getConfig(): { readonly [key: string]: JsonValue };
  /** Copies of the current weights. */
  getWeights(): NamedWeight[];
  /** sha256 of kind + config + current weights (changes as training updates the weights). */
  contentHash(): string;
  /** Releases the variables. Safe to call twice. */
  dispose(): void;
}

/** Shared machinery of the adapters: checks, normalisation, tensor-free `apply`. */
export abstract class BaseEmbeddingAdapter implements EmbeddingAdapter {
  abstract readonly kind: AdapterKind;
  abstract readonly side: AdapterSide;
  abstract readonly inputDimension: number;
  abstract readonly outputDimension: number;
  abstract readonly normalize: boolean;
  protected abstract readonly variables: ReadonlyMap<string, tf.Variable>;
  private isDisposed = false;

  get disposed(): boolean {
    return this.isDisposed;
  }

  get trainableVariables(): readonly tf.Variable[] {
    this.assertUsable();
    return [...this.variables.values()];
  }

  /** The transform before the optional normalisation. */
  protected abstract transform(x: tf.Tensor2D): tf.Tensor2D;

  abstract getConfig(): { readonly [key: string]: JsonValue };

  forward(x: tf.Tensor2D): tf.Tensor2D {
    this.assertUsable();
    if (x.rank !== 2) {
      throw new ModelRuntimeInvalidOptionError('x', `must be a rank-2 tensor [n, ${this.inputDimension}], got shape [${x.shape.join(', ')}].`);
    }
    if (x.shape[1] !== this.inputDimension) {
      throw new ModelRuntimeDimensionMismatchError('x', this.inputDimension, x.shape[1], `the ${this.kind} was built for ${this.inputDimension}-d vectors.`);
    }
    return tf.tidy(() => {
      const y = this.transform(x);
      return this.normalize ? l2NormalizeRows(y) : y;
    });
  }

  apply(vectors: EmbeddingMatrix | Float32Array): EmbeddingMatrix {
    this.assertUsable();
    const { count, data } = toRows(vectors, this.inputDimension, this.kind);
    const d = this.inputDimension;
    const result = new Float32Array(count * this.outputDimension);
    // Bounded chunks keep peak tensor memory flat for large collections.
    for (let start = 0; start < count; start += APPLY_CHUNK_ROWS) {
      const rows = Math.min(APPLY_CHUNK_ROWS, count - start);
      const out = tf.tidy(() => this.forward(tf.tensor2d(data.subarray(start * d, (start + rows) * d), [rows, d], 'float32')));
      try {
        result.set(out.dataSync() as Float32Array, start * this.outputDimension);
      } finally {
        out.dispose();
      }
    }
    return { count, dimension: this.outputDimension, data: result };
  }

  getWeights(): NamedWeight[] {
    this.assertUsable();
    return [...this.variables.entries()].map(([name, v]) => ({ name, shape: [...v.shape], values: readVariable(v) }));
  }

  contentHash(): string {
    return versionOfWeights(this.kind, this.getConfig(), this.getWeights());
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const v of this.variables.values()) v.dispose();
  }

  protected assertUsable(): void {
    if (this.isDisposed) throw new ModelRuntimeModelDisposedError(this.kind);
  }
}

function toRows(vectors: EmbeddingMatrix | Float32Array, dimension: number, owner: string): { count: number; data: Float32Array } {
  if (isFloat32Array(vectors)) {
    if (vectors.length % dimension !== 0) {
      throw new ModelRuntimeDimensionMismatchError(
        'vectors',
        dimension,
        vectors.length,
        `a Float32Array passed to the ${owner} must hold whole rows of ${dimension} values.`,
      );
    }
    return { count: vectors.length / dimension, data: vectors };
  }
  if (vectors.dimension !== dimension) {
    throw new ModelRuntimeDimensionMismatchError('vectors.dimension', dimension, vectors.dimension, `the ${owner} was built for ${dimension}-d vectors.`);
  }
  if (vectors.data.length !== vectors.count * vectors.dimension) {
    throw new ModelRuntimeInvalidOptionError(
      'vectors.data',
      `holds ${vectors.data.length} values but count × dimension = ${vectors.count * vectors.dimension}.`,
    );
  }
  return { count: vectors.count, data: vectors.data };
}

/** True for any Float32Array, including one from another realm (e.g. a Jest sandbox). */
function isFloat32Array(value: unknown): value is Float32Array {
  return Object.prototype.toString.call(value) === '[object Float32Array]';
}
