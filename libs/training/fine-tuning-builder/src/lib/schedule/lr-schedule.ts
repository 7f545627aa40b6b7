import type { LrScheduleSpec, ScheduleUnit } from '../plan/training-plan.js';

/** Where training is when the learning rate is asked for. */
export interface SchedulePosition {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based optimizer step, counted over the whole run. */
  step: number;
  /** Optimizer steps in one epoch. */
  stepsPerEpoch: number;
  /** Planned number of epochs. */
  epochs: number;
}

function timeIn(unit: ScheduleUnit, at: SchedulePosition): number {
  return unit === 'epoch' ? at.epoch : at.step;
}

function convert(length: number, from: ScheduleUnit, to: ScheduleUnit, stepsPerEpoch: number): number {
  if (from === to) return length;
  return from === 'epoch' ? length * stepsPerEpoch : length / Math.max(1, stepsPerEpoch);
}

/**
 * The learning rate of one optimizer step. A schedule in `epoch` units changes only between
 * epochs; in `step` units, at every step. A warm-up ramps linearly from `startFactor · lr`
 * (at time 0) towards `lr` over `length` units; the main schedule's clock starts after it.
 *
 * - `constant`: `lr`
 * - `step`: `lr · gamma^floor(τ / stepSize)`
 * - `cosine`: `lr · (minFactor + (1 − minFactor) · (1 + cos(π · τ / T)) / 2)`, `T` = the units left after warm-up
 */
export function scheduledLearningRate(spec: LrScheduleSpec, baseLr: number, at: SchedulePosition): number {
  let factor = 1;
  let warmupInMainUnit = 0;
  const mainUnit: ScheduleUnit = spec.kind === 'constant' ? 'step' : spec.unit;
  if (spec.warmup) {
    const t = timeIn(spec.warmup.unit, at);
    if (t < spec.warmup.length) factor = spec.warmup.startFactor + ((1 - spec.warmup.startFactor) * t) / spec.warmup.length;
    warmupInMainUnit = convert(spec.warmup.length, spec.warmup.unit, mainUnit, at.stepsPerEpoch);
  }
  const tau = Math.max(0, timeIn(mainUnit, at) - warmupInMainUnit);
  switch (spec.kind) {
    case 'constant':
      break;
    case 'step':
      factor *= spec.gamma ** Math.floor(tau / spec.stepSize);
      break;
    case 'cosine': {
      const total = (spec.unit === 'epoch' ? at.epochs : at.epochs * at.stepsPerEpoch) - warmupInMainUnit;
      const progress = total <= 0 ? 1 : Math.min(1, tau / total);
      factor *= spec.minFactor + ((1 - spec.minFactor) * (1 + Math.cos(Math.PI * progress))) / 2;
      break;
    }
  }
  return baseLr * factor;
}
