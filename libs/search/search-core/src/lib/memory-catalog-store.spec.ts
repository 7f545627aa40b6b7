import { createMemoryCatalogStore } from './memory-catalog-store.js';
import type { SearchProfile } from './model.js';

const profile = (version: number): SearchProfile => ({
  collection: 'docs',
  version,
  encoder: 'all-minilm-l6-v2',
  target: 'docs_v1',
  slot: 'embedding',
  created_at: 1,
  deployment: { kind: version === 1 ? 'create' : 'adapter' },
});

describe('createMemoryCatalogStore', () => {
  it('stores one profile per version: the second insert of a version loses', async () => {
    const store = createMemoryCatalogStore();
    expect(await store.insertProfile(profile(1))).toBe(true);
    expect(await store.insertProfile(profile(1))).toBe(false);
    expect(await store.insertProfile(profile(2))).toBe(true);
    expect((await store.activeProfile('docs'))?.version).toBe(2);
  });
});
