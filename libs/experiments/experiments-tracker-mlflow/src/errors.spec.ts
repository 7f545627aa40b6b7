import { readFileSync } from 'node:fs';
import { isAppError } from '@embedding-studio/errors';
import { MLFLOW_ERROR_CODES, MlflowInvalidOptionsError, MlflowRecordTooLargeError, MlflowRequestError, MlflowUnavailableError, isMlflowError } from './errors.js';

const samples = [
  new MlflowUnavailableError('runs/create', 'connect ECONNREFUSED 127.0.0.1:5000'),
  new MlflowRequestError('runs/create', 400, 'INVALID_PARAMETER_VALUE', 'bad'),
  new MlflowRecordTooLargeError('run', 'run-x', 7_000, 6_000),
  new MlflowInvalidOptionsError([{ field: 'namespace', message: 'must be 1..100 characters of [A-Za-z0-9._-], got "a/b".' }]),
];

describe('error catalogue', () => {
  it('has one class per listed code, each an AppError with its own name and category', () => {
    expect(samples.map((e) => [e.code, e.category, e.name])).toEqual([
      ['MLFLOW_UNAVAILABLE', 'unavailable', 'MlflowUnavailableError'],
      ['MLFLOW_REQUEST_FAILED', 'internal', 'MlflowRequestError'],
      ['MLFLOW_RECORD_TOO_LARGE', 'input', 'MlflowRecordTooLargeError'],
      ['MLFLOW_INVALID_OPTIONS', 'validation', 'MlflowInvalidOptionsError'],
    ]);
    expect(samples.map((e) => e.code)).toEqual([...MLFLOW_ERROR_CODES]);
    for (const e of samples) expect(isAppError(e)).toBe(true);
  });

  it('messages say what happened and what to do', () => {
    expect(samples[0]?.message).toContain('MLFLOW_TRACKING_URI');
    expect(samples[1]?.details).toEqual({ endpoint: 'runs/create', status: 400, mlflow_error_code: 'INVALID_PARAMETER_VALUE' });
    expect(samples[2]?.message).toContain('7000 characters, more than the 6000');
    expect(isMlflowError(samples[1], 'INVALID_PARAMETER_VALUE')).toBe(true);
    expect(isMlflowError(samples[1], 'RESOURCE_ALREADY_EXISTS')).toBe(false);
    expect(isMlflowError(samples[0], 'INVALID_PARAMETER_VALUE')).toBe(false);
  });

  it('every code is documented in the README errors table, and nothing else is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(MLFLOW_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...MLFLOW_ERROR_CODES].sort());
  });
});
