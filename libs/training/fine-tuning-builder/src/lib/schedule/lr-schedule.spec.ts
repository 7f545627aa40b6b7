import type { LrScheduleSpec } from '../plan/training-plan.js';
import { scheduledLearningRate } from './lr-schedule.js';

const perEpoch = (spec: LrScheduleSpec, epochs: number, stepsPerEpoch = 10): number[] =>
  Array.from({ length: epochs }, (_, epoch) => scheduledLearningRate(spec, 0.1, { epoch, step: epoch * stepsPerEpoch, stepsPerEpoch, epochs }));

describe('scheduledLearningRate', () => {
  it('constant', () => {
    expect(perEpoch({ kind: 'constant', warmup: null }, 3)).toEqual([0.1, 0.1, 0.1]);
  });

  it('step decay per epoch: lr · gamma^floor(epoch / stepSize)', () => {
    const values = perEpoch({ kind: 'step', unit: 'epoch', stepSize: 2, gamma: 0.5, warmup: null }, 6);
    expect(values).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  it('step decay per step changes inside an epoch', () => {
    const spec: LrScheduleSpec = { kind: 'step', unit: 'step', stepSize: 3, gamma: 0.1, warmup: null };
    const at = (step: number): number => scheduledLearningRate(spec, 1, { epoch: 0, step, stepsPerEpoch: 100, epochs: 1 });
    expect([at(0), at(2), at(3), at(5), at(6)].map((v) => Number(v.toPrecision(12)))).toEqual([1, 1, 0.1, 0.1, 0.01]);
  });

  it('cosine per epoch: lr · (1 + cos(π·e/E)) / 2', () => {
    const values = perEpoch({ kind: 'cosine', unit: 'epoch', minFactor: 0, warmup: null }, 4);
    expect(values[0]).toBeCloseTo(0.1, 12);
    expect(values[1]).toBeCloseTo(0.1 * (1 + Math.SQRT1_2) / 2, 12); // 0.0853553
    expect(values[2]).toBeCloseTo(0.05, 12);
    expect(values[3]).toBeCloseTo(0.1 * (1 - Math.SQRT1_2) / 2, 12); // 0.0146447
  });

  it('cosine keeps minFactor as a floor', () => {
    const spec: LrScheduleSpec = { kind: 'cosine', unit: 'step', minFactor: 0.2, warmup: null };
    expect(scheduledLearningRate(spec, 1, { epoch: 1, step: 10, stepsPerEpoch: 5, epochs: 2 })).toBeCloseTo(0.2, 12);
    expect(scheduledLearningRate(spec, 1, { epoch: 0, step: 5, stepsPerEpoch: 5, epochs: 2 })).toBeCloseTo(0.6, 12);
  });

  it('linear warm-up, then the main schedule starts its clock', () => {
    const spec: LrScheduleSpec = { kind: 'step', unit: 'step', stepSize: 2, gamma: 0.5, warmup: { unit: 'step', length: 4, startFactor: 0 } };
    const values = Array.from({ length: 8 }, (_, step) => scheduledLearningRate(spec, 1, { epoch: 0, step, stepsPerEpoch: 100, epochs: 1 }));
    expect(values).toEqual([0, 0.25, 0.5, 0.75, 1, 1, 0.5, 0.5]);
  });

  it('warm-up in epochs over a step-based cosine', () => {
    const spec: LrScheduleSpec = { kind: 'cosine', unit: 'step', minFactor: 0, warmup: { unit: 'epoch', length: 1, startFactor: 0.5 } };
    // 2 epochs × 4 steps; the first epoch is warm-up at 0.5; the cosine then spans 4 steps.
    const values = Array.from({ length: 8 }, (_, step) => scheduledLearningRate(spec, 1, { epoch: Math.floor(step / 4), step, stepsPerEpoch: 4, epochs: 2 }));
    expect(values.slice(0, 4)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(values.slice(4).map((v) => Number(v.toFixed(6)))).toEqual([1, 0.853553, 0.5, 0.146447]);
  });
});
