import * as tf from '@tensorflow/tfjs';
import { fillNormal } from '../model/init.js';
import { ModelRuntimeInvalidOptionError } from '../errors.js';
import { booleanOption, expectWeights, finiteNumber, makeVariable, oneOf, positiveInteger, seedOption } from '../model/validate.js';
import { matMul2d } from '../model/ops.js';
import type { NamedWeight } from '../model/weights.js';
import { ADAPTER_SIDES, BaseEmbeddingAdapter, type AdapterSide } from './embedding-adapter.js';
import { MAX_ADAPTER_DIMENSION } from './linear-adapter.js';

export interface LowRankResidualAdapterOptions {
  /** Dimension of the vectors (in and out). */
  dimension: number;
  /** Rank `r` of the update `A·B`; `2·d·r` trainable numbers. @defaultValue 16 (capped at `dimension`) */
  rank?: number;
  /** Which vectors the adapter transforms; see {@link AdapterSide}. @defaultValue 'query' */
  side?: AdapterSide;
  /** L2-normalise the outputs. @defaultValue false */
  normalize?: boolean;
  /** Seed of the random `A`. @defaultValue 0 */
  seed?: number | string;
  /** Standard deviation of the entries of `A`. @defaultValue `1 / sqrt(dimension)` */
  initStd?: number;
}

/** The JSON config of a {@link LowRankResidualAdapter}, as stored in an artifact manifest. */
export type LowRankResidualAdapterConfig = {
  readonly dimension: number;
  readonly rank: number;
  readonly side: AdapterSide;
  readonly normalize: boolean;
  readonly seed: number | string;
  readonly initStd: number;
};

/**
 * `y = x + x·A·B` with `A: [d, r]` (seeded normal, small) and `B: [r, d]` (zeros), so it starts
 * as the identity while gradients still reach `B` from the first step. Far fewer parameters
 * than a full {@link LinearAdapter} (`2dr` vs `d²`), which regularises training on few clicks.
 */
export class LowRankResidualAdapter extends BaseEmbeddingAdapter {
  readonly kind = 'low-rank-residual-adapter' as const;
  readonly side: AdapterSide;
  readonly inputDimension: number;
  readonly outputDimension: number;
  readonly normalize: boolean;
  readonly rank: number;
  protected readonly variables: ReadonlyMap<string, tf.Variable>;
  private readonly config: LowRankResidualAdapterConfig;
  private readonly a: tf.Variable;
  private readonly b: tf.Variable;

  /**
   * @param options - shape and behaviour.
   * @param initialWeights - start from these `a` / `b` values instead of the seeded init (used
   *   when loading an artifact).
   */
  constructor(options: LowRankResidualAdapterOptions, initialWeights?: readonly NamedWeight[]) {
    super();
    this.config = parseLowRankResidualAdapterConfig(options);
    const { dimension: d, rank: r } = this.config;
    this.inputDimension = d;
    this.outputDimension = d;
    this.rank = r;
    this.side = this.config.side;
    this.normalize = this.config.normalize;
    let a: Float32Array;
    let b: Float32Array;
    if (initialWeights) {
      const given = expectWeights('low-rank-residual-adapter', initialWeights, { a: [d, r], b: [r, d] });
      a = given.get('a') as Float32Array;
      b = given.get('b') as Float32Array;
    } else {
      a = fillNormal(new Float32Array(d * r), this.config.seed, this.config.initStd);
      b = new Float32Array(r * d);
    }
    this.a = makeVariable(a, [d, r]);
    this.b = makeVariable(b, [r, d]);
    this.variables = new Map([
      ['a', this.a],
      ['b', this.b],
    ]);
  }

  getConfig(): LowRankResidualAdapterConfig {
    return { ...this.config };
  }

  protected transform(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(x, matMul2d(matMul2d(x, this.a as tf.Tensor2D), this.b as tf.Tensor2D)) as tf.Tensor2D;
  }
}

/** Validates options (or a stored config) and fills defaults. */
export function parseLowRankResidualAdapterConfig(options: LowRankResidualAdapterOptions): LowRankResidualAdapterConfig {
  const dimension = positiveInteger('dimension', options.dimension, MAX_ADAPTER_DIMENSION);
  const rank = positiveInteger('rank', options.rank ?? Math.min(16, dimension));
  if (rank > dimension) {
    throw new ModelRuntimeInvalidOptionError('rank', `must be at most dimension (${dimension}), got ${rank}.`, rank);
  }
  return {
    dimension,
    rank,
    side: oneOf('side', options.side ?? 'query', ADAPTER_SIDES),
    normalize: booleanOption('normalize', options.normalize ?? false),
    seed: seedOption('seed', options.seed ?? 0),
    initStd: finiteNumber('initStd', options.initStd ?? 1 / Math.sqrt(dimension), 0, 10),
  };
}
