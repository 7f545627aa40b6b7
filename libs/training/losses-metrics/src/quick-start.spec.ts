// The README "Quick start", kept compiling and passing here.
import * as tf from '@tensorflow/tfjs';
import { evaluateRun, pairedBootstrapCI, pairedDeltas, tInterval95 } from './index.js';
import { inBatchContrastiveLoss, ipsWeight, probMarginRankingLoss } from './tfjs.js';

describe('README quick start', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('evaluates and compares two runs', () => {
    const qrels = { q1: { d1: 1, d5: 1 }, q2: { d3: 2 } };
    const base = evaluateRun({ q1: { d2: 0.9, d1: 0.8 }, q2: { d3: 0.7 } }, qrels);
    const tuned = evaluateRun({ q1: { d1: 0.9, d5: 0.8 }, q2: { d3: 0.7 } }, qrels);
    expect(tuned.mean.ndcg10).toBe(1);
    const { deltas } = pairedDeltas(tuned.perQuery, base.perQuery, 'ndcg10');
    const ci = pairedBootstrapCI(deltas, { seed: 1 });
    expect(ci.level).toBe(0.95);
    expect(ci.lower).toBeLessThanOrEqual(ci.mean);
    const perSeed = tInterval95([0.012, 0.009, 0.015, 0.011]);
    expect(perSeed.lower).toBeGreaterThan(0);
  });

  it('computes the losses', () => {
    const queryEmbeddings = tf.randomNormal([4, 8], 0, 1, 'float32', 1) as tf.Tensor2D;
    const clickedItemEmbeddings = tf.randomNormal([4, 8], 0, 1, 'float32', 2) as tf.Tensor2D;
    const clickRanks = [1, 3, 2, 7];
    const loss = tf.tidy(() =>
      inBatchContrastiveLoss(queryEmbeddings, clickedItemEmbeddings, { temperature: 0.05, weights: clickRanks.map((r) => ipsWeight(r)) }),
    );
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    const positiveScores = tf.tensor1d([0.8, 0.4]);
    const negativeScores = tf.tensor1d([0.3, 0.5]);
    const confidences = [1, 0.5];
    const pairwise = probMarginRankingLoss(positiveScores, negativeScores, { positive: confidences }, { shape: 'steep' });
    expect(pairwise.dataSync()[0]).toBeGreaterThan(0);
  });
});
