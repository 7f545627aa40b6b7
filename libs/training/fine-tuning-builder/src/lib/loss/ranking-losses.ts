import * as tf from '@tensorflow/tfjs';
import { probMarginRankingLoss } from '@embedding-studio/losses-metrics/tfjs';
import type { LossSpec } from '../plan/training-plan.js';
import type { RankingLossFn, RankingScores } from '../ports/ports.js';

/** Slope and offset of the steep sigmoid `σ(400·a − 6)` of the cosine variant. */
export const STEEP_SIGMOID = { steepness: 400, offset: 6 } as const;

const MASKED_LOGIT = -1e9;

/** Larger than any row weight, so `min(w, mask · BIG)` is `w` on real pairs and 0 on padding. */
const BIG = 1e30;

/**
 * Pairwise sigmoid-margin ranking loss (losses-metrics' `probMarginRankingLoss`) over every
 * (row, real negative) pair: `Σ σ(g(m − (s⁺ − s⁻))) · w / #pairs`, with `g(a) = a` or, when
 * `steep`, `g(a) = 400·a − 6`. All `B·K` cells are passed with confidences `min(w, mask·BIG)`
 * (padding weighs 0) and the mean is rescaled to the real pairs; no gather is involved, so the
 * gradient runs on every backend (wasm has no `UnsortedSegmentSum`). A batch without any real
 * negative gives 0 (never NaN).
 */
export function probMarginLoss(margin: number, steep: boolean): RankingLossFn {
  return (s: RankingScores) =>
    tf.tidy(() => {
      const [rows, k] = s.negatives.shape;
      const cells = rows * k;
      const positive = tf.reshape(tf.mul(tf.expandDims(s.positive, 1), tf.ones([1, k])), [cells]) as tf.Tensor1D;
      const negative = tf.reshape(s.negatives, [cells]) as tf.Tensor1D;
      const weight = tf.reshape(tf.mul(tf.expandDims(s.weights, 1), tf.ones([1, k])), [cells]) as tf.Tensor1D;
      const real = tf.reshape(tf.mul(s.negativeMask, tf.scalar(BIG)), [cells]) as tf.Tensor1D;
      const meanOverCells = probMarginRankingLoss(positive, negative, { positive: weight, negative: real }, {
        margin,
        shape: steep ? 'steep' : 'sigmoid',
        steepness: STEEP_SIGMOID.steepness,
        offset: STEEP_SIGMOID.offset,
      });
      const pairs = tf.maximum(tf.sum(s.negativeMask), tf.scalar(1));
      return tf.div(tf.mul(meanOverCells, tf.scalar(cells)), pairs) as tf.Scalar;
    });
}

/**
 * InfoNCE / multiple-negatives ranking loss: per row, cross-entropy of the positive among
 * `[s⁺, real negatives, usable in-batch positives] / temperature`, weighted, averaged over rows.
 * Each row keeps its own sampled negatives and the in-batch mask hides other rows of the same
 * query and their positives (losses-metrics' `inBatchContrastiveLoss` shares one negative pool
 * across the batch instead, so it is not used here).
 */
export function infoNceLoss(temperature: number, inBatchNegatives: boolean): RankingLossFn {
  return (s: RankingScores) =>
    tf.tidy(() => {
      const masked = (scores: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D =>
        tf.where(tf.greater(mask, 0), scores, tf.fill(scores.shape, MASKED_LOGIT)) as tf.Tensor2D;
      const parts: tf.Tensor2D[] = [tf.expandDims(s.positive, 1) as tf.Tensor2D, masked(s.negatives, s.negativeMask)];
      if (inBatchNegatives && s.inBatch) parts.push(masked(s.inBatch.scores, s.inBatch.mask));
      const logits = tf.div(tf.concat(parts, 1), tf.scalar(temperature));
      const positiveLogit = tf.squeeze(tf.slice(logits, [0, 0], [-1, 1]), [1]);
      const perRow = tf.sub(tf.logSumExp(logits, 1), positiveLogit);
      const rows = tf.maximum(tf.scalar(s.positive.shape[0]), tf.scalar(1));
      return tf.div(tf.sum(tf.mul(perRow, s.weights)), rows) as tf.Scalar;
    });
}

/** The loss a plan asks for. */
export function createRankingLoss(spec: LossSpec): RankingLossFn {
  switch (spec.kind) {
    case 'prob-margin':
      return probMarginLoss(spec.margin, spec.steep);
    case 'info-nce':
      return infoNceLoss(spec.temperature, spec.inBatchNegatives);
  }
}

/** Whether a loss needs the `[B, B]` in-batch similarities. */
export function needsInBatchScores(spec: LossSpec): boolean {
  return spec.kind === 'info-nce' && spec.inBatchNegatives;
}
