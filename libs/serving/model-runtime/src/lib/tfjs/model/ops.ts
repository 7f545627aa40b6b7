import * as tf from '@tensorflow/tfjs';

/**
 * `a · b` whose gradient uses explicit transposes (`dy · bᵀ`, `aᵀ · dy`). tfjs' own matMul
 * gradient passes transpose flags, which the wasm backend runs through a slow path (about 3–5×
 * slower for adapter-sized matrices); explicit transposes keep its fast kernel. Same values on
 * every backend.
 */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor2D;
    const w = args[1] as tf.Tensor2D;
    (args[2] as tf.GradSaveFunc)([x, w]);
    return {
      value: tf.matMul(x, w) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [
        tf.matMul(dy, tf.transpose(saved[1] as tf.Tensor2D)),
        tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy),
      ],
    };
  });
  return op(a, b);
}

/**
 * `table[indices]` (rows) whose gradient is a scatter into the table. tfjs' own gather gradient
 * needs the UnsortedSegmentSum kernel, which the wasm backend lacks; callers pass **distinct**
 * indices, so a plain ScatterNd (available on every backend) is exact.
 */
export function gatherDistinctRows(table: tf.Tensor, indices: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor;
    // Saved tensors stay alive until the backward pass, even past the caller's tidy.
    (args[1] as tf.GradSaveFunc)([indices]);
    return {
      value: tf.gather(x, indices) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.scatterND(tf.expandDims(saved[0] as tf.Tensor1D, 1), dy, x.shape),
    };
  });
  return op(table);
}

/** Row-wise L2 normalisation (rows of norm 0 stay 0). */
export function l2NormalizeRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(x), 1, true);
    return tf.mul(x, tf.rsqrt(tf.maximum(sq, 1e-24))) as tf.Tensor2D;
  });
}
