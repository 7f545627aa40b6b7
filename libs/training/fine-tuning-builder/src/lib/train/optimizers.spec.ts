import * as tf from '@tensorflow/tfjs';
import { createVariableOptimizer } from './optimizers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (v: tf.Variable): number[] => Array.from(v.dataSync());

describe('variable optimizers', () => {
  it('sgd: w ← w − lr·g, with heavy-ball momentum and decoupled weight decay', () => {
    const v = tf.variable(tf.tensor1d([1, -2]));
    const g = tf.tensor1d([0.5, 1]);
    const sgd = createVariableOptimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.5, weightDecay: 0.1 }, [v]);
    sgd.step([g], 0.1); // velocity = g; w = w − 0.1·g − 0.1·0.1·w
    expect(values(v).map((x) => Number(x.toFixed(6)))).toEqual([1 - 0.05 - 0.01, -2 - 0.1 + 0.02].map((x) => Number(x.toFixed(6))));
    const w1 = values(v);
    sgd.step([g], 0.2); // velocity = 0.5·g + g = 1.5·g
    expect(values(v)[0]).toBeCloseTo((w1[0] as number) - 0.2 * 0.75 - 0.2 * 0.1 * (w1[0] as number), 6);
    sgd.dispose();
    tf.dispose([v, g]);
  });

  it('adam: the first step moves each weight by lr·sign(g) (bias-corrected)', () => {
    const v = tf.variable(tf.tensor1d([0, 0, 0]));
    const g = tf.tensor1d([3, -0.01, 0]);
    const adam = createVariableOptimizer({ kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 }, [v]);
    const before = tf.memory().numTensors;
    adam.step([g], 0.01);
    expect(tf.memory().numTensors).toBe(before);
    const [a, b, c] = values(v);
    expect(a).toBeCloseTo(-0.01, 5);
    expect(b).toBeCloseTo(0.01, 4);
    expect(c).toBe(0);
    adam.dispose();
    tf.dispose([v, g]);
  });
});
