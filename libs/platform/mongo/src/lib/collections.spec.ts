import { isAppError } from '@embedding-studio/errors';
import { type CollectionModel, ensureCollections } from './collections.js';

/** A model that records its calls in a shared log and fails the calls it is told to. */
function fakeModel(name: string, log: string[], fail: { create?: unknown; index?: unknown } = {}): CollectionModel {
  return {
    async createCollection() {
      log.push(`create ${name}`);
      if (fail.create !== undefined) throw fail.create;
    },
    async createIndexes() {
      log.push(`index ${name}`);
      if (fail.index !== undefined) throw fail.index;
    },
  };
}

describe('ensureCollections', () => {
  it('creates every collection before building any index', async () => {
    const log: string[] = [];
    await ensureCollections({ a: fakeModel('a', log), b: fakeModel('b', log) });
    expect(log).toEqual(['create a', 'create b', 'index a', 'index b']);
  });

  it('accepts a list of models', async () => {
    const log: string[] = [];
    await ensureCollections([fakeModel('x', log)]);
    expect(log).toEqual(['create x', 'index x']);
  });

  it('ignores a collection that exists already and still builds its indexes', async () => {
    const log: string[] = [];
    const exists = Object.assign(new Error('Collection already exists'), { code: 48 });
    await expect(ensureCollections({ a: fakeModel('a', log, { create: exists }), b: fakeModel('b', log) })).resolves.toBeUndefined();
    expect(log).toEqual(['create a', 'create b', 'index a', 'index b']);
  });

  it('rejects when an index cannot be built, translated at the edge', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    const error: unknown = await ensureCollections({ a: fakeModel('a', [], { index: down }) }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('MONGO_UNAVAILABLE');
    expect(isAppError(error) && error.cause).toBe(down);
  });

  it('does nothing for no models', async () => {
    await expect(ensureCollections({})).resolves.toBeUndefined();
  });
});
