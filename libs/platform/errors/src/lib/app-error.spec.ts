import {
  ConflictError,
  InputError,
  UnavailableError,
  ValidationError,
  hasErrorCode,
  isAppError,
  isTransientError,
  toError,
} from './app-error.js';
import { serializeError, UNKNOWN_ERROR_CODE } from './serialize.js';

class WidgetMissingError extends InputError {}

describe('AppError', () => {
  it('takes its name from the concrete class and keeps code, details and cause', () => {
    const cause = new Error('socket closed');
    const err = new WidgetMissingError('WIDGET_MISSING', 'no widget', { details: { id: 'w1' }, cause });
    expect(err.name).toBe('WidgetMissingError');
    expect(err.code).toBe('WIDGET_MISSING');
    expect(err.category).toBe('input');
    expect(err.details).toEqual({ id: 'w1' });
    expect(err.cause).toBe(cause);
  });

  it('is recognised structurally, by code, not by class identity', () => {
    const foreign = Object.assign(new Error('x'), { code: 'A_B', category: 'conflict' });
    expect(isAppError(foreign)).toBe(true);
    expect(hasErrorCode(foreign, 'A_B')).toBe(true);
    expect(isAppError(Object.assign(new Error('x'), { code: 'A_B', category: 'nonsense' }))).toBe(false);
    expect(isAppError({ code: 'A_B', category: 'input' })).toBe(false);
  });

  it('marks only unavailable errors as transient', () => {
    expect(isTransientError(new UnavailableError('DB_DOWN', 'down'))).toBe(true);
    expect(isTransientError(new ConflictError('DUP', 'dup'))).toBe(false);
    expect(isTransientError(new Error('plain'))).toBe(false);
  });

  it('ValidationError lists every field in message and details', () => {
    const err = new ValidationError('BODY_INVALID', [
      { field: 'session_id', message: 'must be a non-empty string' },
      { field: 'search_results.0.object_id', message: 'is required' },
    ]);
    expect(err.message).toBe('session_id: must be a non-empty string; search_results.0.object_id: is required');
    expect(err.details['issues']).toHaveLength(2);
  });
});

describe('toError', () => {
  it('wraps strings and objects, keeps errors', () => {
    const e = new Error('e');
    expect(toError(e)).toBe(e);
    expect(toError('boom').message).toBe('boom');
    expect(toError({ a: 1 }).message).toBe('Non-error thrown: {"a":1}');
  });
});

describe('serializeError', () => {
  it('serialises app errors with their cause chain and no stack by default', () => {
    const err = new ConflictError('SESSION_CONFLICT', 'differs', { details: { session_id: 's1' }, cause: new Error('E11000') });
    const out = serializeError(err);
    expect(out).toEqual({
      name: 'ConflictError',
      code: 'SESSION_CONFLICT',
      message: 'differs',
      category: 'conflict',
      details: { session_id: 's1' },
      cause: { name: 'Error', code: UNKNOWN_ERROR_CODE, message: 'E11000', category: 'internal', details: {} },
    });
    expect(serializeError(err, { includeStack: true }).stack).toContain('ConflictError');
  });
});
