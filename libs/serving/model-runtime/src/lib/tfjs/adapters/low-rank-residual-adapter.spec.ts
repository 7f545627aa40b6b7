import * as tf from '@tensorflow/tfjs';
import { LowRankResidualAdapter } from './low-rank-residual-adapter.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

describe('LowRankResidualAdapter', () => {
  it('starts as the exact identity (B = 0) with a seeded A', () => {
    const adapter = new LowRankResidualAdapter({ dimension: 4, rank: 2, seed: 11 });
    const x = f32(0.5, -1, 2, 0.25);
    expect(adapter.apply(x).data).toEqual(x);
    const [a, b] = adapter.getWeights();
    expect(a?.shape).toEqual([4, 2]);
    expect(b?.values).toEqual(new Float32Array(8));
    expect(a?.values.some((v) => v !== 0)).toBe(true);

    const same = new LowRankResidualAdapter({ dimension: 4, rank: 2, seed: 11 });
    const other = new LowRankResidualAdapter({ dimension: 4, rank: 2, seed: 12 });
    expect(same.getWeights()[0]?.values).toEqual(a?.values);
    expect(other.getWeights()[0]?.values).not.toEqual(a?.values);
    [adapter, same, other].forEach((m) => m.dispose());
  });

  it('computes x + x·A·B', () => {
    // A = [[1], [2]], B = [[3, -1]]: x = [1, 1] → x·A = 3 → [9, -3] → y = [10, -2]
    const adapter = new LowRankResidualAdapter({ dimension: 2, rank: 1 }, [
      { name: 'a', shape: [2, 1], values: f32(1, 2) },
      { name: 'b', shape: [1, 2], values: f32(3, -1) },
    ]);
    expect(adapter.apply(f32(1, 1, 0, 1)).data).toEqual(f32(10, -2, 6, -1));
    adapter.dispose();
  });

  it('at init only B receives gradient (A·B has B = 0)', () => {
    const adapter = new LowRankResidualAdapter({ dimension: 3, rank: 2, seed: 1 });
    const [a, b] = adapter.trainableVariables as tf.Variable[];
    const x = tf.tensor2d([1, 2, 3, -1, 0, 1], [2, 3]);
    const { value, grads } = tf.variableGrads(() => tf.sum(adapter.forward(x)) as tf.Scalar, [a as tf.Variable, b as tf.Variable]);
    expect(Array.from(grads[(a as tf.Variable).name]?.dataSync() ?? [])).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(grads[(b as tf.Variable).name]?.dataSync() ?? []).some((v) => v !== 0)).toBe(true);
    tf.dispose([value, x, ...Object.values(grads)]);
    adapter.dispose();
  });

  it('defaults rank to min(16, d) and rejects rank > d', () => {
    const small = new LowRankResidualAdapter({ dimension: 5 });
    expect(small.rank).toBe(5);
    const big = new LowRankResidualAdapter({ dimension: 64 });
    expect(big.rank).toBe(16);
    expect(big.getConfig()).toEqual({ dimension: 64, rank: 16, side: 'query', normalize: false, seed: 0, initStd: 0.125 });
    expect(() => new LowRankResidualAdapter({ dimension: 4, rank: 5 })).toThrow('Invalid option rank: must be at most dimension (4), got 5.');
    small.dispose();
    big.dispose();
  });

  it('learns a rank-1 correction with Adam', () => {
    const adapter = new LowRankResidualAdapter({ dimension: 4, rank: 1, seed: 3 });
    const x = tf.tensor2d([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1], [4, 4]);
    // Target: add 0.5 × (first coordinate) to the last coordinate.
    const target = tf.add(x, tf.matMul(x, tf.tensor2d([0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [4, 4])));
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(target, adapter.forward(x));
    const optimizer = tf.train.adam(0.05);
    const first = tf.tidy(() => loss().dataSync()[0] as number);
    for (let i = 0; i < 200; i++) optimizer.minimize(loss, false, adapter.trainableVariables as tf.Variable[]);
    const last = tf.tidy(() => loss().dataSync()[0] as number);
    expect(first).toBeCloseTo(0.5 / 16, 6); // two rows get +0.5 on one entry: 2 × 0.25 / 16
    expect(last).toBeLessThan(first / 50);
    tf.dispose([x, target]);
    optimizer.dispose();
    adapter.dispose();
  });
});
