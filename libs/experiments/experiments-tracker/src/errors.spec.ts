import { readFileSync } from 'node:fs';
import { isAppError } from '@embedding-studio/errors';
import {
  EXPERIMENTS_TRACKER_ERROR_CODES,
  ExperimentsTrackerConflictError,
  ExperimentsTrackerInvalidInputError,
  ExperimentsTrackerIterationClosedError,
  ExperimentsTrackerModelDeletedError,
  ExperimentsTrackerNoStartingModelError,
  ExperimentsTrackerNotFoundError,
  ExperimentsTrackerRunClosedError,
} from './errors.js';

const samples = [
  new ExperimentsTrackerInvalidInputError([{ field: 'limit', message: 'must be an integer in 1..200, got 0.' }]),
  new ExperimentsTrackerNotFoundError('run', 'run-x'),
  new ExperimentsTrackerModelDeletedError({ id: 'it-a-m1', iteration_id: 'it-a', deleted_at: Date.UTC(2025, 0, 2) }),
  new ExperimentsTrackerNoStartingModelError('p', 'it-a'),
  new ExperimentsTrackerIterationClosedError('it-a', 'archived', 'start a run'),
  new ExperimentsTrackerRunClosedError('run-x', 'cancelled'),
  ExperimentsTrackerConflictError.mainMetric('it-a', { name: 'q', mode: 'max' }, { name: 'q', mode: 'min' }),
];

describe('error catalogue', () => {
  it('has one class per listed code, each an AppError with its own name and category', () => {
    expect(samples.map((e) => [e.code, e.category, e.name])).toEqual([
      ['EXPERIMENTS_TRACKER_INVALID_INPUT', 'validation', 'ExperimentsTrackerInvalidInputError'],
      ['EXPERIMENTS_TRACKER_NOT_FOUND', 'not-found', 'ExperimentsTrackerNotFoundError'],
      ['EXPERIMENTS_TRACKER_MODEL_DELETED', 'not-found', 'ExperimentsTrackerModelDeletedError'],
      ['EXPERIMENTS_TRACKER_NO_STARTING_MODEL', 'not-found', 'ExperimentsTrackerNoStartingModelError'],
      ['EXPERIMENTS_TRACKER_ITERATION_CLOSED', 'conflict', 'ExperimentsTrackerIterationClosedError'],
      ['EXPERIMENTS_TRACKER_RUN_CLOSED', 'conflict', 'ExperimentsTrackerRunClosedError'],
      ['EXPERIMENTS_TRACKER_CONFLICT', 'conflict', 'ExperimentsTrackerConflictError'],
    ]);
    expect(samples.map((e) => e.code)).toEqual([...EXPERIMENTS_TRACKER_ERROR_CODES]);
    for (const e of samples) expect(isAppError(e)).toBe(true);
  });

  it('messages say what happened and what to do', () => {
    expect(samples[0]?.message).toBe('limit: must be an integer in 1..200, got 0.');
    expect(samples[1]?.message).toBe('No run with id="run-x"; list the existing ones with GET /experiments/{iteration_id}.');
    expect(samples[2]?.message).toBe(
      'Model "it-a-m1" was deleted at 2025-01-02T00:00:00.000Z when a better model of iteration "it-a" replaced it, so its artifact is gone; fetch a live one (GET /models?status=live).',
    );
    expect(samples[2]?.details).toEqual({ model_id: 'it-a-m1', iteration_id: 'it-a', deleted_at: Date.UTC(2025, 0, 2) });
  });

  it('every code is documented in the README errors table, and nothing else is', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(EXPERIMENTS_TRACKER_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...EXPERIMENTS_TRACKER_ERROR_CODES].sort());
  });
});
