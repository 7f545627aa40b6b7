import type { ApiKeyRecord, ApiKeyStore } from './store.js';

const record = (id: string, createdAt: number): ApiKeyRecord => ({ id, scope: 'ingest', name: `key ${id}`, secretHash: 'ab'.repeat(32), createdAt });

/**
 * The behaviour every ApiKeyStore must have. Call inside a `describe` of the adapter's test file
 * with a factory that gives an empty store.
 */
export function apiKeyStoreContract(makeStore: () => Promise<ApiKeyStore>): void {
  let store: ApiKeyStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  it('reads back what it inserted, and null for an unknown id', async () => {
    await store.insert(record('00000000000000a1', 1000));
    expect(await store.get('00000000000000a1')).toEqual(record('00000000000000a1', 1000));
    expect(await store.get('00000000000000ff')).toBeNull();
  });

  it('refuses a second key with the same id', async () => {
    await store.insert(record('00000000000000a2', 1000));
    await expect(store.insert({ ...record('00000000000000a2', 2000), scope: 'admin' })).rejects.toThrow();
    expect((await store.get('00000000000000a2'))?.scope).toBe('ingest');
  });

  it('lists newest first', async () => {
    await store.insert(record('00000000000000b1', 1000));
    await store.insert(record('00000000000000b2', 3000));
    await store.insert(record('00000000000000b3', 2000));
    expect((await store.list()).map((r) => r.id)).toEqual(['00000000000000b2', '00000000000000b3', '00000000000000b1']);
  });

  it('revokes once: the first time wins, repeats and concurrent calls are no-ops', async () => {
    await store.insert(record('00000000000000c1', 1000));
    await Promise.all([store.revoke('00000000000000c1', 5000), store.revoke('00000000000000c1', 6000)]);
    await store.revoke('00000000000000c1', 7000);
    const got = await store.get('00000000000000c1');
    expect([5000, 6000]).toContain(got?.revokedAt);
    expect((await store.list()).find((r) => r.id === '00000000000000c1')?.revokedAt).toBe(got?.revokedAt);
  });
}
