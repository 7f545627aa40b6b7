import * as tf from '@tensorflow/tfjs';
import { infoNceLoss, probMarginLoss } from './ranking-losses.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function scores(pos: number[], neg: number[][], mask: number[][], weights: number[], inBatch?: { scores: number[][]; mask: number[][] }) {
  return {
    positive: tf.tensor1d(pos),
    negatives: tf.tensor2d(neg),
    negativeMask: tf.tensor2d(mask),
    weights: tf.tensor1d(weights),
    ...(inBatch ? { inBatch: { scores: tf.tensor2d(inBatch.scores), mask: tf.tensor2d(inBatch.mask) } } : {}),
  };
}

const value = (t: tf.Scalar): number => {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
};

describe('probMarginLoss', () => {
  it('averages σ(m − (s⁺ − s⁻))·w over real pairs only', () => {
    const s = scores([0.5, 0.2], [[0.1, 0.9], [0.3, 0]], [[1, 1], [1, 0]], [1, 2]);
    const expected = (sigmoid(0.1 - 0.4) + sigmoid(0.1 + 0.4) + 2 * sigmoid(0.1 + 0.1)) / 3;
    expect(value(probMarginLoss(0.1, false)(s))).toBeCloseTo(expected, 6);
  });

  it('the steep variant is σ(400·a − 6)', () => {
    const s = scores([0.5], [[0.49]], [[1]], [1]);
    expect(value(probMarginLoss(0.01, true)(s))).toBeCloseTo(sigmoid(400 * (0.01 - 0.01) - 6), 6);
    expect(value(probMarginLoss(0.01, true)(scores([0.4], [[0.5]], [[1]], [1])))).toBeCloseTo(sigmoid(400 * 0.11 - 6), 6);
  });

  it('is 0 (not NaN) without any real negative, and has zero gradient then', () => {
    const s = scores([0.5], [[0.5]], [[0]], [1]);
    expect(value(probMarginLoss(0.1, false)(s))).toBe(0);
    const g = tf.grad((p: tf.Tensor) => probMarginLoss(0.1, false)({ ...s, positive: p as tf.Tensor1D }))(s.positive);
    expect(Math.abs(g.dataSync()[0] as number)).toBe(0);
  });
});

describe('infoNceLoss', () => {
  it('is the cross-entropy of the positive among real negatives at temperature τ', () => {
    const s = scores([0.8], [[0.2, 0.9]], [[1, 0]], [1]);
    const t = 0.1;
    const expected = -Math.log(Math.exp(0.8 / t) / (Math.exp(0.8 / t) + Math.exp(0.2 / t)));
    expect(value(infoNceLoss(t, false)(s))).toBeCloseTo(expected, 4);
  });

  it('adds usable in-batch positives as negatives and weights rows', () => {
    const inBatch = { scores: [[0.8, 0.5], [0.4, 0.6]], mask: [[0, 1], [0, 0]] };
    const s = scores([0.8, 0.6], [[0.1], [0.2]], [[1], [1]], [1, 3], inBatch);
    const ce = (logits: number[]): number => -Math.log(Math.exp(logits[0] as number) / logits.reduce((a, l) => a + Math.exp(l), 0));
    const expected = (ce([0.8, 0.1, 0.5]) + 3 * ce([0.6, 0.2])) / 2;
    expect(value(infoNceLoss(1, true)(s))).toBeCloseTo(expected, 5);
    // Without in-batch negatives the first row only sees its own negative.
    expect(value(infoNceLoss(1, false)(s))).toBeCloseTo((ce([0.8, 0.1]) + 3 * ce([0.6, 0.2])) / 2, 5);
  });
});
