import { jest } from '@jest/globals';
import * as tf from '@tensorflow/tfjs';
import { initTfjsBackend } from '@embedding-studio/model-runtime/tfjs';
import { createRng } from '@embedding-studio/random';
import { aTrainingPlan, plantedPermutationData } from '../testing/fixtures.js';
import { runTraining } from '../train/run-training.js';
import { useFastWasmMatMul } from './wasm-matmul.js';

jest.setTimeout(120_000);

const seeded = (n: number, seed: number): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
};

async function product(backend: 'cpu' | 'wasm', ta: boolean, tb: boolean): Promise<Float32Array> {
  await tf.setBackend(backend);
  const a = tf.tensor2d(seeded(6 * 5, 1), ta ? [5, 6] : [6, 5]);
  const b = tf.tensor2d(seeded(5 * 4, 2), tb ? [4, 5] : [5, 4]);
  const out = tf.matMul(a, b, ta, tb);
  const values = (await out.data()) as Float32Array;
  tf.dispose([a, b, out]);
  return values;
}

describe('wasm backend', () => {
  beforeAll(async () => {
    await initTfjsBackend({ backend: 'wasm' });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the fast BatchMatMul gives the cpu products for every transpose combination, without leaks', async () => {
    expect(useFastWasmMatMul()).toBe(true);
    expect(useFastWasmMatMul()).toBe(true); // idempotent
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const cpu = await product('cpu', ta, tb);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const wasm = await product('wasm', ta, tb);
      expect(tf.memory().numTensors).toBe(before);
      expect(wasm.length).toBe(cpu.length);
      wasm.forEach((v, i) => expect(v).toBeCloseTo(cpu[i] as number, 4));
    }
  });

  it('trains on wasm: quality goes up, runs are repeatable, nothing leaks', async () => {
    await tf.setBackend('wasm');
    const data = plantedPermutationData({ seed: 3, trainQueries: 200, testQueries: 60 });
    const plan = aTrainingPlan((b) => b.epochs(2).infoNceLoss({ temperature: 0.1 }));
    const before = tf.memory().numTensors;
    const a = await runTraining(plan, { data });
    const b = await runTraining(plan, { data });
    expect(tf.memory().numTensors).toBe(before);
    const evals = a.runs[0]?.evaluations ?? [];
    expect(evals.at(-1)?.metrics['test_ndcg@10']).toBeGreaterThan((evals[0]?.metrics['test_ndcg@10'] as number) + 0.1);
    expect(b.runs[0]?.evaluations).toEqual(evals);
  });
});
