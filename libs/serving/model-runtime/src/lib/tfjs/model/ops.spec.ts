import * as tf from '@tensorflow/tfjs';
import { gatherDistinctRows, l2NormalizeRows, matMul2d } from './ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('matMul2d', () => {
  it('has the value and gradients of a · b', () => {
    const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tf.tensor2d([1, 0, -1, 2, 0.5, 1], [3, 2]);
    expect(Array.from(matMul2d(a, b).dataSync())).toEqual([0.5, 7, 2, 16]); // [1−2+1.5, 0+4+3, 4−5+3, 0+10+6]
    const weights = tf.tensor2d([1, -1, 2, 0.5], [2, 2]);
    const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), weights));
    const [da, db] = tf.grads(loss(matMul2d))([a, b]);
    const [ea, eb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
    expect(Array.from(da?.dataSync() ?? [])).toEqual(Array.from(ea?.dataSync() ?? []));
    expect(Array.from(db?.dataSync() ?? [])).toEqual(Array.from(eb?.dataSync() ?? []));
    // d/da Σ W ⊙ (a·b) = W · bᵀ: first row [1·1 + (−1)·0, 1·(−1) + (−1)·2, 1·0.5 + (−1)·1]
    expect(Array.from(da?.dataSync() ?? []).slice(0, 3)).toEqual([1, -3, -0.5]);
  });
});

describe('gatherDistinctRows', () => {
  it('gathers rows and scatters the gradient back into the table', () => {
    const table = tf.tensor2d([0, 1, 10, 11, 20, 21, 30, 31], [4, 2]);
    const idx = tf.tensor1d([3, 1], 'int32');
    expect(Array.from(gatherDistinctRows(table, idx).dataSync())).toEqual([30, 31, 10, 11]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherDistinctRows(t, idx), tf.tensor2d([1, 2, 3, 4], [2, 2]))))(table);
    expect(Array.from(g.dataSync())).toEqual([0, 0, 3, 4, 0, 0, 1, 2]);
  });
});

describe('l2NormalizeRows', () => {
  it('scales rows to unit length and keeps zero rows at zero', () => {
    expect(Array.from(l2NormalizeRows(tf.tensor2d([3, 4, 0, 0], [2, 2])).dataSync())).toEqual([0.6000000238418579, 0.800000011920929, 0, 0]);
  });
});
