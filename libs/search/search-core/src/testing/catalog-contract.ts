// The contract every SearchCatalogStore passes (in memory here, on MongoDB/FerretDB in
// search-mongo). Two store instances over the same data stand for two API processes.
import type { SearchCollection, SearchProfile } from '../lib/model.js';
import type { SearchCatalogStore } from '../lib/ports.js';

export interface CatalogStorePair {
  a: SearchCatalogStore;
  b: SearchCatalogStore;
  /** Drops the namespace and closes connections. */
  cleanup?: () => Promise<void>;
}

/** A collection for tests; override any field. */
export function aSearchCollection(overrides: Partial<SearchCollection> = {}): SearchCollection {
  return { name: 'docs', fields_to_embed: ['title', 'text'], model: { encoder: 'hashing' }, filterable_fields: {}, created_at: 1_700_000_000, ...overrides };
}

/** A profile for tests; override any field. */
export function aSearchProfile(overrides: Partial<SearchProfile> = {}): SearchProfile {
  return {
    collection: 'docs',
    version: 1,
    encoder: 'hashing',
    target: 'docs_v1',
    slot: 'embedding',
    created_at: 1_700_000_000,
    deployment: { kind: 'create' },
    ...overrides,
  };
}

/**
 * Registers the catalog-store contract in the calling test file. `makePair` gives two stores over
 * one fresh, empty namespace (a new database per call).
 */
export function searchCatalogStoreContract(name: string, makePair: () => Promise<CatalogStorePair>): void {
  describe(`SearchCatalogStore contract: ${name}`, () => {
    let s: CatalogStorePair;
    beforeEach(async () => {
      s = await makePair();
    });
    afterEach(async () => {
      await s.cleanup?.();
    });

    it('creates a collection once; a second create answers the stored one', async () => {
      const first = await s.a.createCollection(aSearchCollection());
      const second = await s.b.createCollection(aSearchCollection({ fields_to_embed: ['other'] }));
      expect(first.created).toBe(true);
      expect(second).toEqual({ created: false, collection: aSearchCollection() });
      expect(await s.b.getCollection('docs')).toEqual(aSearchCollection());
      expect(await s.a.getCollection('nope')).toBeUndefined();
    });

    it('lists collections by name', async () => {
      await s.a.createCollection(aSearchCollection({ name: 'zeta' }));
      await s.a.createCollection(aSearchCollection({ name: 'alpha', feedback: { enabled: true } }));
      expect((await s.b.listCollections()).map((c) => [c.name, c.feedback?.enabled ?? false])).toEqual([
        ['alpha', true],
        ['zeta', false],
      ]);
    });

    it('replaces the feedback setting of a collection, visible to every reader', async () => {
      await s.a.createCollection(aSearchCollection());
      const feedback = { enabled: true, settings: { weight: 2 } };
      expect(await s.a.setFeedback('docs', feedback)).toEqual(aSearchCollection({ feedback }));
      expect((await s.b.getCollection('docs'))?.feedback).toEqual(feedback);
      expect((await s.b.setFeedback('docs', { enabled: false }))?.feedback).toEqual({ enabled: false });
      expect(await s.a.setFeedback('nope', { enabled: true })).toBeUndefined();
    });

    it('stores each profile version once and serves the newest as active', async () => {
      expect(await s.a.insertProfile(aSearchProfile())).toBe(true);
      expect(await s.b.insertProfile(aSearchProfile({ target: 'other' }))).toBe(false);
      const v2 = aSearchProfile({ version: 2, adapter: { model_id: 'm1', artifact_key: 'models/m1' }, deployment: { kind: 'adapter', model_id: 'm1', previous_version: 1 } });
      expect(await s.b.insertProfile(v2)).toBe(true);
      expect(await s.a.activeProfile('docs')).toEqual(v2);
      expect(await s.a.activeProfile('docs', 1)).toEqual(v2);
      expect(await s.a.getProfile('docs', 1)).toEqual(aSearchProfile());
      expect(await s.a.getProfile('docs', 3)).toBeUndefined();
      expect((await s.b.listProfiles('docs')).map((p) => p.version)).toEqual([2, 1]);
      expect(await s.a.activeProfile('none')).toBeUndefined();
    });

    it('lets exactly one of 10 concurrent switches to the same version win, across two stores', async () => {
      await s.a.insertProfile(aSearchProfile());
      const tries = Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? s.a : s.b).insertProfile(aSearchProfile({ version: 2, adapter: { model_id: `m${i}`, artifact_key: `k${i}` }, deployment: { kind: 'adapter' } })),
      );
      const won = (await Promise.all(tries)).filter(Boolean);
      expect(won).toHaveLength(1);
      const active = await s.b.activeProfile('docs');
      expect(active?.version).toBe(2);
      expect((await s.a.activeProfile('docs'))?.adapter).toEqual(active?.adapter);
      expect(await s.a.listProfiles('docs')).toHaveLength(2);
    });

    it('sees a version another store inserted after a cached read', async () => {
      await s.a.insertProfile(aSearchProfile());
      expect((await s.a.activeProfile('docs'))?.version).toBe(1);
      await s.b.insertProfile(aSearchProfile({ version: 2 }));
      await s.b.insertProfile(aSearchProfile({ version: 3 }));
      expect((await s.a.activeProfile('docs', 1))?.version).toBe(3);
      expect((await s.a.activeProfile('docs'))?.version).toBe(3);
    });
  });
}
