import { readFileSync } from 'node:fs';
import { isAppError } from '@embedding-studio/errors';
import {
  FINE_TUNING_TASKS_ERROR_CODES,
  TaskContentionError,
  TaskDuplicateIdError,
  TaskInvalidTransitionError,
  TaskLeaseLostError,
  TaskNotFoundError,
  TaskUnknownMethodError,
  TaskValidationError,
} from './errors.js';

const id = '65a1b2c3d4e5f60718293a4b';
const samples = [
  new TaskValidationError([{ field: 'limit', message: 'must be an integer between 1 and 1000' }]),
  new TaskNotFoundError(id),
  new TaskUnknownMethodError('bert', []),
  new TaskInvalidTransitionError(id, 'restart', 'processing', 'no'),
  new TaskLeaseLostError(id, 'w1', 'done', null),
  new TaskContentionError(id, 64),
  new TaskDuplicateIdError(id),
];

describe('error catalogue', () => {
  it('has one class per listed code, each an AppError with its own name and category', () => {
    expect(samples.map((e) => [e.code, e.category, e.name])).toEqual([
      ['FINE_TUNING_TASKS_VALIDATION', 'validation', 'TaskValidationError'],
      ['FINE_TUNING_TASKS_NOT_FOUND', 'not-found', 'TaskNotFoundError'],
      ['FINE_TUNING_TASKS_UNKNOWN_METHOD', 'input', 'TaskUnknownMethodError'],
      ['FINE_TUNING_TASKS_INVALID_TRANSITION', 'conflict', 'TaskInvalidTransitionError'],
      ['FINE_TUNING_TASKS_LEASE_LOST', 'conflict', 'TaskLeaseLostError'],
      ['FINE_TUNING_TASKS_CONTENTION', 'unavailable', 'TaskContentionError'],
      ['FINE_TUNING_TASKS_DUPLICATE_ID', 'conflict', 'TaskDuplicateIdError'],
    ]);
    expect(samples.map((e) => e.code)).toEqual([...FINE_TUNING_TASKS_ERROR_CODES]);
    for (const e of samples) expect(isAppError(e)).toBe(true);
  });

  it('messages say what happened and what to do', () => {
    expect(samples[0]?.message).toBe('limit: must be an integer between 1 and 1000');
    expect(samples[2]?.message).toBe('fine_tuning_method "bert" is unknown: no fine-tuning methods are loaded; configure at least one method on the server.');
    expect(samples[4]?.message).toBe(`Task ${id} is done and no longer held by worker "w1"; stop working on it.`);
    expect(samples[5]?.message).toBe(`Task ${id} changed 64 times while this change was being applied; retry the request.`);
  });

  it('every code is documented in the README errors table, and nothing else is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(FINE_TUNING_TASKS_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...FINE_TUNING_TASKS_ERROR_CODES].sort());
  });
});
