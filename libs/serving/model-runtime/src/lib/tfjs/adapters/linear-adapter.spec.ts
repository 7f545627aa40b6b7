import * as tf from '@tensorflow/tfjs';
import { hasErrorCode } from '@embedding-studio/errors';
import { LinearAdapter } from './linear-adapter.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const f32 = (...v: number[]): Float32Array => Float32Array.from(v);

function thrown(f: () => unknown): Error & { code?: string; details?: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('LinearAdapter', () => {
  it('starts as the exact identity', () => {
    const adapter = new LinearAdapter({ inputDimension: 3 });
    const x = f32(0.1, -2, 3.5, 7, 0, -0.25);
    expect(adapter.apply(x)).toEqual({ count: 2, dimension: 3, data: x });
    expect(adapter.side).toBe('query');
    expect(adapter.getConfig()).toEqual({ inputDimension: 3, outputDimension: 3, side: 'query', normalize: false });
    adapter.dispose();
  });

  it('d → d′ starts by truncating or zero-padding', () => {
    const down = new LinearAdapter({ inputDimension: 3, outputDimension: 2 });
    expect(down.apply(f32(1, 2, 3)).data).toEqual(f32(1, 2));
    const up = new LinearAdapter({ inputDimension: 2, outputDimension: 3 });
    expect(up.apply({ count: 1, dimension: 2, data: f32(4, 5) })).toEqual({ count: 1, dimension: 3, data: f32(4, 5, 0) });
    down.dispose();
    up.dispose();
  });

  it('computes x·W + b, then optionally L2-normalises', () => {
    const weights = [
      { name: 'kernel', shape: [2, 2], values: f32(1, 2, 3, 4) },
      { name: 'bias', shape: [2], values: f32(0.5, -1) },
    ];
    // [1, 1]·[[1, 2], [3, 4]] + [0.5, -1] = [4.5, 5];  [2, 0]·W + b = [2.5, 3]
    const plain = new LinearAdapter({ inputDimension: 2 }, weights);
    expect(plain.apply(f32(1, 1, 2, 0)).data).toEqual(f32(4.5, 5, 2.5, 3));
    const unit = new LinearAdapter({ inputDimension: 2, normalize: true }, weights);
    const norm = Math.hypot(4.5, 5);
    const out = unit.apply(f32(1, 1)).data;
    expect(out[0]).toBeCloseTo(4.5 / norm, 6);
    expect(out[1]).toBeCloseTo(5 / norm, 6);
    plain.dispose();
    unit.dispose();
  });

  it('leaks no tensors when applied', () => {
    const adapter = new LinearAdapter({ inputDimension: 4, normalize: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) adapter.apply(new Float32Array(40).fill(0.5));
    expect(tf.memory().numTensors).toBe(before);
    adapter.dispose();
  });

  it('rejects vectors of the wrong dimension, naming the argument', () => {
    const adapter = new LinearAdapter({ inputDimension: 3 });
    const e1 = thrown(() => adapter.apply(f32(1, 2, 3, 4)));
    expect(e1.code).toBe('MODEL_RUNTIME_DIMENSION_MISMATCH');
    const e2 = thrown(() => adapter.apply({ count: 1, dimension: 4, data: f32(1, 2, 3, 4) }));
    expect(e2.message).toBe('vectors.dimension has dimension 4 but 3 is expected; the linear-adapter was built for 3-d vectors.');
    const e3 = thrown(() => adapter.forward(tf.zeros([2, 5]) as tf.Tensor2D));
    expect(e3.code).toBe('MODEL_RUNTIME_DIMENSION_MISMATCH');
    adapter.dispose();
  });

  it('validates options', () => {
    expect(thrown(() => new LinearAdapter({ inputDimension: 0 })).message).toBe('Invalid option inputDimension: must be an integer in 1..16384, got 0.');
    expect(thrown(() => new LinearAdapter({ inputDimension: 2, side: 'items' as 'item' })).code).toBe('MODEL_RUNTIME_INVALID_OPTION');
    expect(thrown(() => new LinearAdapter({ inputDimension: 2 }, [{ name: 'kernel', shape: [2, 2], values: f32(1, 0, 0, 1) }])).message).toContain(
      "missing weight 'bias'",
    );
  });

  it('trains: a few SGD steps learn a fixed linear map', () => {
    const adapter = new LinearAdapter({ inputDimension: 2 });
    expect(adapter.trainableVariables).toHaveLength(2);
    const x = tf.tensor2d([1, 0, 0, 1, 1, 1, 2, -1], [4, 2]);
    const target = tf.matMul(x, tf.tensor2d([0, 1, -1, 0], [2, 2])); // 90° rotation
    const optimizer = tf.train.sgd(0.1);
    const loss = (): tf.Scalar => tf.losses.meanSquaredError(target, adapter.forward(x));
    const first = tf.tidy(() => loss().dataSync()[0] as number);
    const hashBefore = adapter.contentHash();
    for (let i = 0; i < 100; i++) optimizer.minimize(loss, false, adapter.trainableVariables as tf.Variable[]);
    const last = tf.tidy(() => loss().dataSync()[0] as number);
    expect(first).toBeCloseTo(18 / 8, 6); // squared entries of x − x·R: 2 + 2 + 4 + 10 over 8
    expect(last).toBeLessThan(first / 100);
    expect(adapter.contentHash()).not.toBe(hashBefore);
    tf.dispose([x, target]);
    optimizer.dispose();
    adapter.dispose();
  });

  it('refuses use after dispose; dispose twice is fine', () => {
    const adapter = new LinearAdapter({ inputDimension: 2 });
    adapter.dispose();
    adapter.dispose();
    expect(adapter.disposed).toBe(true);
    const err = thrown(() => adapter.apply(f32(1, 2)));
    expect(hasErrorCode(err, 'MODEL_RUNTIME_MODEL_DISPOSED')).toBe(true);
  });

  it('has a content hash that depends on weights and config only', () => {
    const a = new LinearAdapter({ inputDimension: 3 });
    const b = new LinearAdapter({ inputDimension: 3 });
    const c = new LinearAdapter({ inputDimension: 3, normalize: true });
    expect(a.contentHash()).toBe(b.contentHash());
    expect(a.contentHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(c.contentHash()).not.toBe(a.contentHash());
    [a, b, c].forEach((x) => x.dispose());
  });
});

describe('LinearAdapter.apply on many rows', () => {
  it('processes more rows than one chunk with the same result row by row', () => {
    const adapter = new LinearAdapter({ inputDimension: 2, outputDimension: 1 }, [
      { name: 'kernel', shape: [2, 1], values: f32(1, 2) },
      { name: 'bias', shape: [1], values: f32(0) },
    ]);
    const rows = 20_000; // > 8192 rows per chunk
    const x = new Float32Array(rows * 2);
    for (let i = 0; i < rows; i++) x.set([i, 1], i * 2);
    const out = adapter.apply(x);
    expect(out.count).toBe(rows);
    expect(out.data[0]).toBe(2);
    expect(out.data[8192]).toBe(8194);
    expect(out.data[rows - 1]).toBe(rows + 1);
    adapter.dispose();
  });
});
