import * as tf from '@tensorflow/tfjs';
import { hasErrorCode } from '@embedding-studio/errors';
import { cosineProbMarginRankingLoss, createProbMarginRankingLoss, probMarginRankingLoss } from './prob-margin-ranking-loss.js';
import { inBatchContrastiveLoss } from './contrastive-loss.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const value = (t: tf.Scalar): number => {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
};
const allFinite = (t: tf.Tensor): boolean => Array.from(t.dataSync()).every(Number.isFinite);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('probMarginRankingLoss', () => {
  const pos = (): tf.Tensor1D => tf.tensor1d([0.9, 0.3]);
  const neg = (): tf.Tensor1D => tf.tensor1d([0.2, 0.5]);

  it('is mean σ(m − (s⁺ − s⁻)) with margin 1 by default', () => {
    // a = 1 − 0.7 = 0.3 and 1 + 0.2 = 1.2
    expect(value(probMarginRankingLoss(pos(), neg()))).toBeCloseTo((sigmoid(0.3) + sigmoid(1.2)) / 2, 6);
    expect(value(probMarginRankingLoss(pos(), neg(), {}, { margin: 0 }))).toBeCloseTo((sigmoid(-0.7) + sigmoid(0.2)) / 2, 6);
  });

  it('weights each pair by min(c⁺, c⁻)', () => {
    const loss = probMarginRankingLoss(pos(), neg(), { positive: [0.5, 1], negative: tf.tensor1d([1, 0.8]) });
    expect(value(loss)).toBeCloseTo((sigmoid(0.3) * 0.5 + sigmoid(1.2) * 0.8) / 2, 6);
    expect(value(probMarginRankingLoss(pos(), neg(), { negative: [0, 1] }))).toBeCloseTo(sigmoid(1.2) / 2, 6);
  });

  it('target −1 treats scores as distances', () => {
    expect(value(probMarginRankingLoss(pos(), neg(), {}, { target: -1 }))).toBeCloseTo((sigmoid(1.7) + sigmoid(0.8)) / 2, 6);
  });

  it('the steep (cosine) variant is σ(400·a − 6) and actually differs', () => {
    const p = tf.tensor1d([0.5, 0.5, 0.5]);
    const n = tf.tensor1d([0.49, 0.5, 0.51]);
    // margin 0.01 → a = 0, 0.01, 0.02 → σ(−6), σ(−2), σ(2)
    const expected = (sigmoid(-6) + sigmoid(-2) + sigmoid(2)) / 3;
    expect(value(cosineProbMarginRankingLoss(p, n))).toBeCloseTo(expected, 4);
    expect(value(probMarginRankingLoss(p, n, {}, { shape: 'steep' }))).toBeCloseTo(expected, 4);
    expect(value(probMarginRankingLoss(p, n, {}, { margin: 0.01 }))).toBeCloseTo((sigmoid(0) + sigmoid(0.01) + sigmoid(0.02)) / 3, 5);
    const loss = createProbMarginRankingLoss({ shape: 'steep', margin: 0, steepness: 100, offset: 0 });
    expect(value(loss(tf.tensor1d([0.2]), tf.tensor1d([0.21])))).toBeCloseTo(sigmoid(1), 4);
  });

  it('returns 0 (not NaN) for no pairs, with finite gradients', () => {
    const empty = tf.tensor1d([]);
    expect(value(probMarginRankingLoss(empty, empty))).toBe(0);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => probMarginRankingLoss(a as tf.Tensor1D, b as tf.Tensor1D))([empty, empty]);
    expect(g.map((t) => t.shape)).toEqual([[0], [0]]);
  });

  it('has finite gradients of the right sign', () => {
    const [gp, gn] = tf.grads((a: tf.Tensor, b: tf.Tensor) => cosineProbMarginRankingLoss(a as tf.Tensor1D, b as tf.Tensor1D))([
      tf.tensor1d([0.5, 0.2]),
      tf.tensor1d([0.5, 0.9]),
    ]);
    expect(allFinite(gp as tf.Tensor) && allFinite(gn as tf.Tensor)).toBe(true);
    expect((gp as tf.Tensor).dataSync()[0]).toBeLessThan(0); // raising s⁺ lowers the loss
    expect((gn as tf.Tensor).dataSync()[0]).toBeGreaterThan(0);
  });

  it('rejects misaligned inputs and bad options with coded errors', () => {
    let caught: unknown;
    try {
      probMarginRankingLoss(tf.tensor1d([1, 2]), tf.tensor1d([1]));
    } catch (e) {
      caught = e;
    }
    expect(hasErrorCode(caught, 'LOSSES_METRICS_SHAPE_MISMATCH')).toBe(true);
    expect(() => probMarginRankingLoss(pos(), neg(), { positive: [1] })).toThrow(/confidences.positive/);
    expect(() => probMarginRankingLoss(pos(), neg(), {}, { margin: -0.1 })).toThrow(/margin/);
    expect(() => createProbMarginRankingLoss({ shape: 'cosine' as 'steep' })).toThrow(/shape/);
  });
});

describe('inBatchContrastiveLoss', () => {
  const eye = (): tf.Tensor2D => tf.tensor2d([[1, 0], [0, 1]]);

  it('is the mean −log softmax of the matching positive', () => {
    // logits [[1,0],[0,1]] → log(1 + e^−1) per row
    expect(value(inBatchContrastiveLoss(eye(), eye(), { temperature: 1 }))).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
    expect(value(inBatchContrastiveLoss(eye(), eye(), { temperature: 0.5 }))).toBeCloseTo(Math.log(1 + Math.exp(-2)), 5);
    // normalisation makes the scale irrelevant
    const scaled = tf.tensor2d([[2, 0], [0, 5]]);
    expect(value(inBatchContrastiveLoss(scaled, eye(), { temperature: 1 }))).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
    expect(value(inBatchContrastiveLoss(scaled, eye(), { temperature: 1, normalize: false }))).toBeCloseTo(
      (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-5))) / 2,
      5,
    );
  });

  it('adds extra negatives and per-example weights', () => {
    const negatives = tf.tensor2d([[1, 0]]);
    // row 0 logits [1, 0, 1] → log(2e + 1) − 1; row 1 logits [0, 1, 0] → log(e + 2) − 1
    const l0 = Math.log(2 * Math.E + 1) - 1;
    const l1 = Math.log(Math.E + 2) - 1;
    expect(value(inBatchContrastiveLoss(eye(), eye(), { temperature: 1, negatives }))).toBeCloseTo((l0 + l1) / 2, 5);
    expect(value(inBatchContrastiveLoss(eye(), eye(), { temperature: 1, negatives, weights: [3, 1] }))).toBeCloseTo((3 * l0 + l1) / 4, 5);
    expect(value(inBatchContrastiveLoss(eye(), eye(), { temperature: 1, negatives, weights: tf.tensor1d([0, 0]) }))).toBe(0);
  });

  it('masks duplicates of the positive so they are not false negatives', () => {
    const same = tf.tensor2d([[1, 0], [1, 0]]);
    // both rows' candidates are the same item: unmasked loss is log 2; masked it is 0
    expect(value(inBatchContrastiveLoss(same, same, { temperature: 1 }))).toBeCloseTo(Math.log(2), 5);
    expect(value(inBatchContrastiveLoss(same, same, { temperature: 1, positiveIds: ['x', 'x'] }))).toBeCloseTo(0, 6);
    const negatives = tf.tensor2d([[1, 0]]);
    expect(
      value(inBatchContrastiveLoss(eye(), eye(), { temperature: 1, negatives, positiveIds: ['a', 'b'], negativeIds: ['a'] })),
    ).toBeCloseTo((Math.log(1 + Math.exp(-1)) + (Math.log(Math.E + 2) - 1)) / 2, 5);
  });

  it('returns 0 for an empty batch and has finite gradients', () => {
    expect(value(inBatchContrastiveLoss(tf.zeros([0, 4]) as tf.Tensor2D, tf.zeros([0, 4]) as tf.Tensor2D))).toBe(0);
    const q = tf.tensor2d([[0.3, -0.2, 0.9], [0, 0, 0], [1, 2, 3]]);
    const p = tf.tensor2d([[0.1, 0.4, 0.2], [0.5, 0.5, 0], [1, 2, 3]]);
    const [gq, gp] = tf.grads((a: tf.Tensor, b: tf.Tensor) => inBatchContrastiveLoss(a as tf.Tensor2D, b as tf.Tensor2D, { positiveIds: ['a', 'b', 'a'] }))([q, p]);
    expect(allFinite(gq as tf.Tensor) && allFinite(gp as tf.Tensor)).toBe(true);
  });

  it('checks shapes and options', () => {
    expect(() => inBatchContrastiveLoss(eye(), tf.tensor2d([[1, 0]]))).toThrow(/one positive per query/);
    expect(() => inBatchContrastiveLoss(eye(), eye(), { negatives: tf.tensor2d([[1, 0, 0]]) })).toThrow(/negatives/);
    expect(() => inBatchContrastiveLoss(eye(), eye(), { temperature: 0 })).toThrow(/temperature/);
    expect(() => inBatchContrastiveLoss(eye(), eye(), { weights: [1, -1] })).toThrow(/weights\[1\]/);
    expect(() => inBatchContrastiveLoss(eye(), eye(), { positiveIds: ['a'] })).toThrow(/positiveIds/);
  });

  it('does not leak tensors', () => {
    const q = eye();
    const before = tf.memory().numTensors;
    value(inBatchContrastiveLoss(q, q, { weights: [1, 2], positiveIds: ['a', 'a'] }));
    value(probMarginRankingLoss(tf.tensor1d([1]), tf.tensor1d([0]), { positive: [1] }));
    expect(tf.memory().numTensors).toBe(before + 2); // only the two 1-element inputs above remain
  });
});
