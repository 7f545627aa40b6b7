import { artifactStoreContract } from './testing/contract.js';
import { createMemoryArtifactStore } from './memory-store.js';

artifactStoreContract('memory', () => createMemoryArtifactStore());

describe('createMemoryArtifactStore', () => {
  it('stamps createdAt from the given clock and keeps the first write time per version', async () => {
    let t = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    const store = createMemoryArtifactStore({ clock: { now: () => t } });
    const first = await store.put('a.bin', new Uint8Array([1, 2, 3]));
    expect(first.createdAt.toISOString()).toBe('2024-01-02T03:04:05.678Z');
    t += 1000;
    expect((await store.head('a.bin'))?.createdAt.toISOString()).toBe('2024-01-02T03:04:05.678Z');
    await store.put('a.bin', new Uint8Array([4]));
    expect((await store.head('a.bin'))?.createdAt.toISOString()).toBe('2024-01-02T03:04:06.678Z');
  });

  it('hands out copies: mutating returned bytes or infos changes nothing stored', async () => {
    const store = createMemoryArtifactStore();
    await store.put('a.bin', new Uint8Array([1, 2, 3]));
    const read = await store.read('a.bin');
    read[0] = 9;
    const info = await store.head('a.bin');
    info?.createdAt.setTime(0);
    expect(await store.read('a.bin')).toEqual(new Uint8Array([1, 2, 3]));
    expect((await store.head('a.bin'))?.createdAt.getTime()).not.toBe(0);
  });

  it('names the store in the not-found message', async () => {
    await expect(createMemoryArtifactStore().read('x/y.bin')).rejects.toThrow(
      'No artifact is stored under key "x/y.bin" in the in-memory store; check the key (list(prefix) shows what exists) or put it first.',
    );
  });
});
