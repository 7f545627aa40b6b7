import * as tf from '@tensorflow/tfjs';
import { LossesMetricsShapeMismatchError } from '../../errors.js';
import { checkAllFinite } from '../internal/check.js';

/** A 1-D tensor or a plain array of numbers. */
export type Vector = tf.Tensor1D | readonly number[];

/** Checks a tensor has exactly `rank` dimensions. */
export function checkRank(what: string, t: tf.Tensor, rank: number): void {
  if (t.rank !== rank) throw new LossesMetricsShapeMismatchError(what, `a rank-${rank} tensor`, `shape [${t.shape.join(', ')}]`);
}

/** A float32 1-D tensor of length `n` from a tensor or an array (arrays are checked for finiteness). */
export function toVector(what: string, v: Vector, n: number): tf.Tensor1D {
  if (Array.isArray(v) || !(v instanceof tf.Tensor)) {
    const arr = v as readonly number[];
    checkAllFinite(what, arr);
    if (arr.length !== n) throw new LossesMetricsShapeMismatchError(what, `length ${n}`, `length ${arr.length}`);
    return tf.tensor1d(arr as number[], 'float32');
  }
  checkRank(what, v, 1);
  if (v.shape[0] !== n) throw new LossesMetricsShapeMismatchError(what, `length ${n}`, `length ${v.shape[0]}`);
  return v.dtype === 'float32' ? v : tf.cast(v, 'float32');
}
