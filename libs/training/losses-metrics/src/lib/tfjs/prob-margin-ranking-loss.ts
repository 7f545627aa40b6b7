import * as tf from '@tensorflow/tfjs';
import { LossesMetricsInvalidArgumentError, LossesMetricsShapeMismatchError } from '../../errors.js';
import { checkRange } from '../internal/check.js';
import { checkRank, toVector, type Vector } from './tensor-input.js';

/**
 * `sigmoid`: σ(a), the original ProbMarginRankingLoss (nearly linear for small margins).
 * `steep`: σ(steepness·a − offset), the "cosine" variant as intended, which only penalises pairs
 * in the wrong order by more than about (offset/steepness − margin).
 */
export type ProbMarginShape = 'sigmoid' | 'steep';

export interface ProbMarginRankingLossOptions {
  /**
   * Margin m in a = m − t·(s⁺ − s⁻); must be ≥ 0.
   * @defaultValue 1.0 for the `sigmoid` shape, 0.01 for the `steep` shape
   */
  margin?: number;
  /**
   * @defaultValue 'sigmoid'
   */
  shape?: ProbMarginShape;
  /**
   * Slope of the steep shape.
   * @defaultValue 400
   */
  steepness?: number;
  /**
   * Offset of the steep shape: σ(steepness·a − offset).
   * @defaultValue 6
   */
  offset?: number;
  /**
   * `+1` when scores are similarities (s⁺ should be larger), `−1` for distances.
   * @defaultValue 1
   */
  target?: 1 | -1;
}

/** Per-pair confidences c⁺ and c⁻; each pair is weighted by min(c⁺, c⁻). Default: all ones. */
export interface PairConfidences {
  positive?: Vector;
  negative?: Vector;
}

/** A pairwise ranking loss over aligned positive/negative score vectors. */
export type PairwiseRankingLoss = (positiveScores: tf.Tensor1D, negativeScores: tf.Tensor1D, confidences?: PairConfidences) => tf.Scalar;

/**
 * ProbMarginRankingLoss: mean over pairs j of σ(a_j)·min(c⁺_j, c⁻_j) with
 * a_j = m − t·(s⁺_j − s⁻_j); with `shape: 'steep'`, σ(steepness·a_j − offset).
 *
 * `positiveScores[j]` and `negativeScores[j]` form pair j (rank-1 tensors of equal length).
 * With no pairs it returns 0 — a scalar still connected to the inputs, so an optimizer sees
 * zero gradients rather than NaN. Throws `LOSSES_METRICS_SHAPE_MISMATCH` for misaligned inputs.
 */
export function probMarginRankingLoss(
  positiveScores: tf.Tensor1D,
  negativeScores: tf.Tensor1D,
  confidences: PairConfidences = {},
  options: ProbMarginRankingLossOptions = {},
): tf.Scalar {
  const { shape, margin, steepness, offset, target } = resolveOptions(options);
  checkRank('positiveScores', positiveScores, 1);
  checkRank('negativeScores', negativeScores, 1);
  const n = positiveScores.shape[0];
  if (negativeScores.shape[0] !== n) throw new LossesMetricsShapeMismatchError('negativeScores', `length ${n} (one per positive score)`, `length ${negativeScores.shape[0]}`);

  return tf.tidy(() => {
    const diff = tf.sub(tf.cast(positiveScores, 'float32'), tf.cast(negativeScores, 'float32'));
    const a = tf.sub(tf.scalar(margin), tf.mul(tf.scalar(target), diff));
    const z = shape === 'steep' ? tf.sub(tf.mul(tf.scalar(steepness), a), tf.scalar(offset)) : a;
    let terms: tf.Tensor = tf.sigmoid(z);
    if (confidences.positive !== undefined || confidences.negative !== undefined) {
      const cp = confidences.positive === undefined ? tf.ones([n]) : toVector('confidences.positive', confidences.positive, n);
      const cn = confidences.negative === undefined ? tf.ones([n]) : toVector('confidences.negative', confidences.negative, n);
      terms = tf.mul(terms, tf.minimum(cp, cn));
    }
    return tf.div(tf.sum(terms), tf.scalar(Math.max(n, 1))) as tf.Scalar;
  });
}

/**
 * The steep ("cosine") variant: σ(400·a − 6), margin 0.01 by default. Same inputs and empty-input
 * behaviour as {@link probMarginRankingLoss}.
 */
export function cosineProbMarginRankingLoss(
  positiveScores: tf.Tensor1D,
  negativeScores: tf.Tensor1D,
  confidences: PairConfidences = {},
  options: Omit<ProbMarginRankingLossOptions, 'shape'> = {},
): tf.Scalar {
  return probMarginRankingLoss(positiveScores, negativeScores, confidences, { ...options, shape: 'steep' });
}

/** Binds options once (validated now) and returns the loss as a function, e.g. for a training plan. */
export function createProbMarginRankingLoss(options: ProbMarginRankingLossOptions = {}): PairwiseRankingLoss {
  resolveOptions(options); // a bad option fails here, before training starts
  return (pos, neg, confidences = {}) => probMarginRankingLoss(pos, neg, confidences, options);
}

function resolveOptions(options: ProbMarginRankingLossOptions): Required<ProbMarginRankingLossOptions> {
  const shape = options.shape ?? 'sigmoid';
  if (shape !== 'sigmoid' && shape !== 'steep') throw new LossesMetricsInvalidArgumentError('shape', "must be 'sigmoid' or 'steep'", shape);
  const target = options.target ?? 1;
  if (target !== 1 && target !== -1) throw new LossesMetricsInvalidArgumentError('target', 'must be 1 (similarities) or -1 (distances)', target);
  return {
    shape,
    target,
    margin: checkRange('margin', options.margin ?? (shape === 'steep' ? 0.01 : 1.0), { min: 0 }),
    steepness: checkRange('steepness', options.steepness ?? 400, { min: 0, minOpen: true }),
    offset: checkRange('offset', options.offset ?? 6, {}),
  };
}
