import * as tf from '@tensorflow/tfjs';
import { expectWeights, makeVariable, booleanOption, oneOf, positiveInteger } from '../model/validate.js';
import { matMul2d } from '../model/ops.js';
import type { NamedWeight } from '../model/weights.js';
import { ADAPTER_SIDES, BaseEmbeddingAdapter, type AdapterSide } from './embedding-adapter.js';

/** Largest dimension an adapter accepts (a 16384 × 16384 kernel is already 1 GiB). */
export const MAX_ADAPTER_DIMENSION = 16384;

export interface LinearAdapterOptions {
  /** Dimension of the vectors going in (the base encoder's dimension). */
  inputDimension: number;
  /** Dimension of the vectors coming out. @defaultValue `inputDimension` */
  outputDimension?: number;
  /** Which vectors the adapter transforms; see {@link AdapterSide}. @defaultValue 'query' */
  side?: AdapterSide;
  /** L2-normalise the outputs. @defaultValue false */
  normalize?: boolean;
}

/** The JSON config of a {@link LinearAdapter}, as stored in an artifact manifest. */
export type LinearAdapterConfig = {
  readonly inputDimension: number;
  readonly outputDimension: number;
  readonly side: AdapterSide;
  readonly normalize: boolean;
};

/**
 * `y = x·W + b` with `W: [inputDimension, outputDimension]`, `b: [outputDimension]`.
 *
 * Starts as the identity (`W = I`, `b = 0`; for `d → d'` the top-left `min(d, d')` block is
 * `I`, so the adapter truncates or zero-pads), so an untrained adapter leaves search unchanged.
 */
export class LinearAdapter extends BaseEmbeddingAdapter {
  readonly kind = 'linear-adapter' as const;
  readonly side: AdapterSide;
  readonly inputDimension: number;
  readonly outputDimension: number;
  readonly normalize: boolean;
  protected readonly variables: ReadonlyMap<string, tf.Variable>;
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  /**
   * @param options - shape and behaviour.
   * @param initialWeights - start from these `kernel` / `bias` values instead of the identity
   *   (used when loading an artifact).
   */
  constructor(options: LinearAdapterOptions, initialWeights?: readonly NamedWeight[]) {
    super();
    const config = parseLinearAdapterConfig(options);
    this.inputDimension = config.inputDimension;
    this.outputDimension = config.outputDimension;
    this.side = config.side;
    this.normalize = config.normalize;
    const d = this.inputDimension;
    const k = this.outputDimension;
    let kernel: Float32Array;
    let bias: Float32Array;
    if (initialWeights) {
      const given = expectWeights('linear-adapter', initialWeights, { kernel: [d, k], bias: [k] });
      kernel = given.get('kernel') as Float32Array;
      bias = given.get('bias') as Float32Array;
    } else {
      kernel = new Float32Array(d * k);
      for (let i = 0; i < Math.min(d, k); i++) kernel[i * k + i] = 1;
      bias = new Float32Array(k);
    }
    this.kernel = makeVariable(kernel, [d, k]);
    this.bias = makeVariable(bias, [k]);
    this.variables = new Map([
      ['kernel', this.kernel],
      ['bias', this.bias],
    ]);
  }

  getConfig(): LinearAdapterConfig {
    return { inputDimension: this.inputDimension, outputDimension: this.outputDimension, side: this.side, normalize: this.normalize };
  }

  protected transform(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(matMul2d(x, this.kernel as tf.Tensor2D), this.bias) as tf.Tensor2D;
  }
}

/** Validates options (or a stored config) and fills defaults. */
export function parseLinearAdapterConfig(options: LinearAdapterOptions): LinearAdapterConfig {
  const inputDimension = positiveInteger('inputDimension', options.inputDimension, MAX_ADAPTER_DIMENSION);
  return {
    inputDimension,
    outputDimension: positiveInteger('outputDimension', options.outputDimension ?? inputDimension, MAX_ADAPTER_DIMENSION),
    side: oneOf('side', options.side ?? 'query', ADAPTER_SIDES),
    normalize: booleanOption('normalize', options.normalize ?? false),
  };
}
