import { readFileSync } from 'node:fs';
import { isAppError, serializeError } from '@embedding-studio/errors';
import {
  FINE_TUNING_ERROR_CODES,
  FineTuningAllTrialsFailedError,
  FineTuningCancelledError,
  FineTuningEncoderFailedError,
  FineTuningInvalidDataError,
  FineTuningInvalidOptionError,
  FineTuningInvalidPlanError,
  FineTuningNonFiniteLossError,
  FineTuningRemoteError,
  FineTuningUnknownParameterGroupError,
  FineTuningWorkerFailedError,
} from './errors.js';

const samples = [
  new FineTuningInvalidPlanError([{ field: 'epochs', message: 'must be an integer in 1..100000, got 0' }]),
  new FineTuningInvalidDataError([{ field: 'data.test', message: 'has no example with a clicked item' }]),
  new FineTuningInvalidOptionError('deps.yieldEveryMs', 'must be a finite number ≥ 0, got -1.'),
  new FineTuningUnknownParameterGroupError(['embeddings'], ['kernel', 'bias'], 'linear-adapter'),
  new FineTuningNonFiniteLossError(Number.NaN, 12, 5),
  new FineTuningCancelledError(2, 'user request'),
  new FineTuningAllTrialsFailedError([{ index: 0, params: {}, error: serializeError(new Error('x')) }]),
  new FineTuningWorkerFailedError('it exited with code 1 before sending a result'),
  new FineTuningEncoderFailedError('bow', 'expected 2 rows of 4 values, got 1 rows of 4 (4 values)'),
];

describe('error catalogue', () => {
  it('has one class per listed code, each an AppError with its own name and category', () => {
    expect(samples.map((e) => e.code).sort()).toEqual([...FINE_TUNING_ERROR_CODES].sort());
    expect(samples.map((e) => [e.code, e.category, e.name])).toEqual([
      ['FINE_TUNING_INVALID_PLAN', 'validation', 'FineTuningInvalidPlanError'],
      ['FINE_TUNING_INVALID_DATA', 'validation', 'FineTuningInvalidDataError'],
      ['FINE_TUNING_INVALID_OPTION', 'input', 'FineTuningInvalidOptionError'],
      ['FINE_TUNING_UNKNOWN_PARAMETER_GROUP', 'input', 'FineTuningUnknownParameterGroupError'],
      ['FINE_TUNING_NON_FINITE_LOSS', 'input', 'FineTuningNonFiniteLossError'],
      ['FINE_TUNING_CANCELLED', 'conflict', 'FineTuningCancelledError'],
      ['FINE_TUNING_ALL_TRIALS_FAILED', 'internal', 'FineTuningAllTrialsFailedError'],
      ['FINE_TUNING_WORKER_FAILED', 'internal', 'FineTuningWorkerFailedError'],
      ['FINE_TUNING_ENCODER_FAILED', 'internal', 'FineTuningEncoderFailedError'],
    ]);
    for (const e of samples) expect(isAppError(e)).toBe(true);
  });

  it('messages name the field and the fix', () => {
    expect(samples[3]?.message).toBe('frozen: "embeddings" is not a parameter group of the linear-adapter model; use some of "kernel", "bias" (or none).');
    expect(samples[4]?.message).toContain('lower optimizer.learningRate');
    expect(samples[0]?.message).toBe('epochs: must be an integer in 1..100000, got 0');
  });

  it('rebuilds a serialised error with the same code, name, category and details', () => {
    const original = new FineTuningCancelledError(1, 'stop');
    const remote = new FineTuningRemoteError(serializeError(original));
    expect(isAppError(remote)).toBe(true);
    expect([remote.name, remote.code, remote.category, remote.message]).toEqual([original.name, original.code, original.category, original.message]);
    expect(remote.details).toEqual(original.details);
  });

  it('every code is documented in the README errors table, and nothing else is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(FINE_TUNING_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...FINE_TUNING_ERROR_CODES].sort());
  });
});
