import { isAppError, isTransientError } from '@embedding-studio/errors';
import { isDuplicateKeyError, translateMongoError, withMongoErrors } from './errors.js';

describe('translateMongoError', () => {
  it('turns E11000 into a coded conflict keeping the index', () => {
    const raw = Object.assign(new Error('E11000 duplicate key'), { code: 11000, keyPattern: { session_id: 1 } });
    const out = translateMongoError(raw);
    expect(isAppError(out) && out.code).toBe('MONGO_DUPLICATE_KEY');
    expect(isAppError(out) && out.category).toBe('conflict');
    expect(isAppError(out) && out.details).toEqual({ keyPattern: { session_id: 1 } });
  });

  it('turns network failures into transient errors', () => {
    const raw = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    const out = translateMongoError(raw);
    expect(isTransientError(out)).toBe(true);
  });

  it('leaves other errors alone and recognises bulk duplicate errors', () => {
    const other = new Error('boom');
    expect(translateMongoError(other)).toBe(other);
    expect(isDuplicateKeyError({ writeErrors: [{ code: 11000 }, { code: 11000 }] })).toBe(true);
    expect(isDuplicateKeyError({ writeErrors: [{ code: 11000 }, { code: 2 }] })).toBe(false);
    expect(isDuplicateKeyError({ code: 1, message: "constraint failed: UNIQUE constraint failed: index 's_b_1' (2067)" })).toBe(true);
    expect(isDuplicateKeyError({ code: 1, message: 'other internal error' })).toBe(false);
  });
});

describe('withMongoErrors', () => {
  it('returns what the wrapped call resolves to', async () => {
    await expect(withMongoErrors(async () => 42)).resolves.toBe(42);
  });

  it('rethrows a duplicate-key error as MONGO_DUPLICATE_KEY with the driver error as cause', async () => {
    const raw = Object.assign(new Error('E11000 duplicate key'), { code: 11000, keyPattern: { _id: 1 } });
    const error: unknown = await withMongoErrors(() => Promise.reject(raw)).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('MONGO_DUPLICATE_KEY');
    expect(isAppError(error) && error.cause).toBe(raw);
  });

  it('rethrows other errors unchanged, including ones thrown synchronously', async () => {
    const other = new Error('boom');
    await expect(
      withMongoErrors(() => {
        throw other;
      }),
    ).rejects.toBe(other);
  });
});
