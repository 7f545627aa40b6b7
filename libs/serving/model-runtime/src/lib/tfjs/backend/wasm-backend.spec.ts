import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@embedding-studio/random';
import { HashedNgramEncoder } from '../encoders/hashed-ngram-encoder.js';
import { initTfjsBackend, locateTfjsWasmDirectory } from './init-backend.js';

/** Whether a native binding is installed (then the default order would rightly pick it). */
const nativeInstalled = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some((pkg) => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
});

function seeded(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/** Runs `f` on the given backend and returns the values it produced. */
async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}

describe('wasm backend (real)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('finds the .wasm binaries in node_modules', () => {
    const dir = locateTfjsWasmDirectory();
    expect(dir).toMatch(/@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]$/);
  });

  (nativeInstalled ? it.skip : it)('skips the absent native bindings and initialises wasm, twice', async () => {
    const first = await initTfjsBackend({ preferred: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] });
    // This workspace cannot install tfjs-node(-gpu), so they are skipped as "not installed".
    expect(first.tried.map((t) => [t.name, t.ok])).toEqual([
      ['tensorflow-gpu', false],
      ['tensorflow', false],
      ['wasm', true],
    ]);
    expect(first.tried[0]?.error).toMatch(/^not installed/);
    expect(first.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const second = await initTfjsBackend({ preferred: ['wasm'] });
    expect(second).toEqual({ backend: 'wasm', engineBackend: 'wasm', tried: [{ name: 'wasm', ok: true }] });
  });

  it('computes a matmul equal to cpu within 1e-5', async () => {
    await initTfjsBackend({ backend: 'wasm' });
    const a = seeded(64 * 48, 1);
    const b = seeded(48 * 32, 2);
    const product = (): tf.Tensor => tf.matMul(tf.tensor2d(a, [64, 48]), tf.tensor2d(b, [48, 32]));
    const onWasm = await on('wasm', () => tf.tidy(product));
    const onCpu = await on('cpu', () => tf.tidy(product));
    expect(maxAbsDiff(onWasm, onCpu)).toBeLessThan(1e-5);
  });

  it('trains the hashed encoder on wasm: its table gradient equals the cpu one', async () => {
    await initTfjsBackend({ backend: 'wasm' });
    const texts = ['red running shoes', 'blue rain jacket', 'red jacket'];
    const weights = seeded(4, 3);
    const gradientOf = (): tf.Tensor => {
      const encoder = new HashedNgramEncoder({ buckets: 512, dimension: 16, seed: 7 });
      const table = encoder.trainableVariables[0] as tf.Variable;
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => tf.sum(tf.mul(encoder.forward(texts).slice([0, 0], [3, 4]), tf.tensor1d(weights)))) as tf.Scalar,
        [table],
      );
      const gradient = grads[table.name] as tf.Tensor;
      value.dispose();
      void encoder.dispose();
      return gradient;
    };
    const onWasm = await on('wasm', gradientOf);
    const onCpu = await on('cpu', gradientOf);
    expect(maxAbsDiff(onWasm, onCpu)).toBeLessThan(1e-5);
    expect(onCpu.some((v) => v !== 0)).toBe(true);
  });
});
