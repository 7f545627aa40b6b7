import * as tf from '@tensorflow/tfjs';
import { LossesMetricsShapeMismatchError } from '../../errors.js';
import { checkRange } from '../internal/check.js';
import { checkRank, toVector, type Vector } from './tensor-input.js';

/** Logit given to masked candidates: exp() of it underflows to exactly 0 in float32. */
const MASKED_LOGIT = -1e9;

export interface InBatchContrastiveLossOptions {
  /**
   * Softmax temperature τ (logits = similarity / τ).
   * @defaultValue 0.05
   */
  temperature?: number;
  /** Extra negative item embeddings [N, d] shared by every query (e.g. shown-but-not-clicked items). */
  negatives?: tf.Tensor2D;
  /**
   * Per-example weights [B] (e.g. inverse-propensity weights of the clicks), ≥ 0. The loss is
   * the weighted mean Σ wᵢℓᵢ / Σ wᵢ (0 when every weight is 0).
   * @defaultValue all ones
   */
  weights?: Vector;
  /**
   * L2-normalise queries and items first, so similarities are cosines.
   * @defaultValue true
   */
  normalize?: boolean;
  /**
   * Item id of each positive [B]. When given, another row's positive (or an extra negative)
   * with the same id as query i's positive is not used as a negative for query i — the same
   * popular item clicked for two queries is not a false negative.
   */
  positiveIds?: readonly string[];
  /** Item id of each extra negative [N]; masks negatives equal to the query's positive. Needs `positiveIds`. */
  negativeIds?: readonly string[];
}

/**
 * In-batch-negatives contrastive loss (InfoNCE / multiple-negatives ranking): for query i the
 * candidates are every positive of the batch plus the extra negatives, and
 * ℓᵢ = −log softmax(sim(qᵢ, ·)/τ)[i]. Returns the (weighted) mean over the batch; an empty
 * batch returns 0, still connected to the inputs. Throws `LOSSES_METRICS_SHAPE_MISMATCH` for
 * inconsistent shapes and `LOSSES_METRICS_INVALID_ARGUMENT` for a bad temperature or weight.
 */
export function inBatchContrastiveLoss(queries: tf.Tensor2D, positives: tf.Tensor2D, options: InBatchContrastiveLossOptions = {}): tf.Scalar {
  const temperature = checkRange('temperature', options.temperature ?? 0.05, { min: 0, minOpen: true });
  checkRank('queries', queries, 2);
  checkRank('positives', positives, 2);
  const [b, d] = queries.shape;
  if (positives.shape[0] !== b || positives.shape[1] !== d) {
    throw new LossesMetricsShapeMismatchError('positives', `shape [${b}, ${d}] (one positive per query)`, `shape [${positives.shape.join(', ')}]`);
  }
  const negatives = options.negatives;
  if (negatives !== undefined) {
    checkRank('negatives', negatives, 2);
    if (negatives.shape[1] !== d) throw new LossesMetricsShapeMismatchError('negatives', `shape [N, ${d}]`, `shape [${negatives.shape.join(', ')}]`);
  }
  const nNeg = negatives?.shape[0] ?? 0;
  const mask = buildMask(b, nNeg, options.positiveIds, options.negativeIds);
  if (Array.isArray(options.weights)) {
    (options.weights as readonly number[]).forEach((w, i) => checkRange(`weights[${i}]`, w, { min: 0 }));
  }

  if (b === 0) return tf.tidy(() => tf.add(tf.sum(queries), tf.sum(positives)) as tf.Scalar); // 0, still connected

  return tf.tidy(() => {
    const normalize = options.normalize ?? true;
    const prep = (x: tf.Tensor2D): tf.Tensor2D => {
      const f = tf.cast(x, 'float32') as tf.Tensor2D;
      return normalize ? l2Normalize(f) : f;
    };
    const q = prep(queries);
    const items = negatives === undefined ? prep(positives) : (tf.concat([prep(positives), prep(negatives)], 0) as tf.Tensor2D);
    let logits: tf.Tensor2D = tf.div(tf.matMul(q, items, false, true), tf.scalar(temperature));
    if (mask !== undefined) logits = tf.add(logits, tf.tensor2d(mask, [b, b + nNeg]));
    const logProbs = tf.logSoftmax(logits);
    const target = tf.oneHot(tf.range(0, b, 1, 'int32'), b + nNeg);
    const perExample = tf.neg(tf.sum(tf.mul(logProbs, target), 1));
    if (options.weights === undefined) return tf.div(tf.sum(perExample), tf.scalar(Math.max(b, 1))) as tf.Scalar;
    const w = toVector('weights', options.weights, b);
    return tf.div(tf.sum(tf.mul(perExample, w)), tf.maximum(tf.sum(w), tf.scalar(1e-12))) as tf.Scalar;
  });
}

function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.maximum(tf.sum(tf.square(x), 1, true), tf.scalar(1e-12))));
}

/** Additive mask [B, B+N] (0 or MASKED_LOGIT), or undefined when nothing is masked. */
function buildMask(b: number, nNeg: number, positiveIds?: readonly string[], negativeIds?: readonly string[]): Float32Array | undefined {
  if (positiveIds === undefined) {
    if (negativeIds !== undefined) throw new LossesMetricsShapeMismatchError('negativeIds', 'positiveIds given as well', 'negativeIds alone');
    return undefined;
  }
  if (positiveIds.length !== b) throw new LossesMetricsShapeMismatchError('positiveIds', `length ${b}`, `length ${positiveIds.length}`);
  if (negativeIds !== undefined && negativeIds.length !== nNeg) throw new LossesMetricsShapeMismatchError('negativeIds', `length ${nNeg}`, `length ${negativeIds.length}`);
  const cols = b + nNeg;
  const mask = new Float32Array(b * cols);
  let any = false;
  for (let i = 0; i < b; i++) {
    const id = positiveIds[i];
    for (let j = 0; j < b; j++) {
      if (j !== i && positiveIds[j] === id) {
        mask[i * cols + j] = MASKED_LOGIT;
        any = true;
      }
    }
    if (negativeIds !== undefined) {
      for (let j = 0; j < nNeg; j++) {
        if (negativeIds[j] === id) {
          mask[i * cols + b + j] = MASKED_LOGIT;
          any = true;
        }
      }
    }
  }
  return any ? mask : undefined;
}
