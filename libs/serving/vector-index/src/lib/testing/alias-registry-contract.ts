// The contract every AliasRegistry runs (jest `describe` blocks).
import type { AliasRegistry } from '../aliases/alias-registry.js';

/** Options of {@link aliasRegistryContract}. */
export interface AliasRegistryContractOptions {
  /** @defaultValue `30_000` */
  timeoutMs?: number;
  /**
   * A second registry over the same store (another connection or process), to check that two
   * instances agree and that concurrent compare-and-sets have one winner. Without it, `makeRegistry` is called again.
   */
  makePeer?: () => AliasRegistry | Promise<AliasRegistry>;
  /** Called after the suite, e.g. to close connections. */
  cleanup?: () => Promise<void>;
}

/** Registers the AliasRegistry contract. Alias names carry a per-run prefix, so a shared store is fine. */
export function aliasRegistryContract(name: string, makeRegistry: () => AliasRegistry | Promise<AliasRegistry>, options: AliasRegistryContractOptions = {}): void {
  const timeout = options.timeoutMs ?? 30_000;
  const prefix = `r${Math.random().toString(36).slice(2, 8)}`;
  let registry: AliasRegistry;
  let peer: AliasRegistry;
  let n = 0;
  const fresh = (): string => `${prefix}_alias_${++n}`;

  describe(`AliasRegistry contract: ${name}`, () => {
    beforeAll(async () => {
      registry = await makeRegistry();
      peer = await (options.makePeer ?? makeRegistry)();
    }, timeout);
    afterAll(async () => {
      for (const r of [registry, peer]) for (const a of await r?.list().catch(() => []) ?? []) if (a.alias.startsWith(prefix)) await r.delete(a.alias).catch(() => undefined);
      await options.cleanup?.();
    }, timeout);

    it('resolves nothing for an unknown alias, then what was set', async () => {
      const alias = fresh();
      expect(await registry.resolve(alias)).toBeUndefined();
      await registry.compareAndSet(alias, 'coll_v1', null);
      expect(await registry.resolve(alias)).toBe('coll_v1');
      expect(await peer.resolve(alias)).toBe('coll_v1');
    }, timeout);

    it('switches only while expect holds, and changes nothing on a conflict', async () => {
      const alias = fresh();
      await registry.compareAndSet(alias, 'coll_v1', null);
      await expect(registry.compareAndSet(alias, 'coll_v2', null)).rejects.toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT', details: { alias, expected: null, actual: 'coll_v1' } });
      await expect(peer.compareAndSet(alias, 'coll_v2', 'coll_v0')).rejects.toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT', details: { expected: 'coll_v0', actual: 'coll_v1' } });
      expect(await registry.resolve(alias)).toBe('coll_v1');
      await peer.compareAndSet(alias, 'coll_v2', 'coll_v1');
      expect(await registry.resolve(alias)).toBe('coll_v2');
      await expect(registry.compareAndSet(`${prefix}_missing_${++n}`, 'coll_v2', 'coll_v1')).rejects.toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT', details: { actual: null } });
      await registry.compareAndSet(alias, 'coll_v3');
      expect(await peer.resolve(alias)).toBe('coll_v3');
      await registry.compareAndSet(alias, 'coll_v1', 'coll_v3');
      expect(await peer.resolve(alias)).toBe('coll_v1');
    }, timeout);

    it('lists aliases sorted by name and deletes them (delete is idempotent; the alias can be created again)', async () => {
      const a = fresh();
      const b = fresh();
      await registry.compareAndSet(b, 'coll_b', null);
      await registry.compareAndSet(a, 'coll_a', null);
      const mine = (await peer.list()).filter((x) => x.alias === a || x.alias === b);
      expect(mine).toEqual([
        { alias: a, collection: 'coll_a' },
        { alias: b, collection: 'coll_b' },
      ]);
      await peer.delete(a);
      await peer.delete(a);
      expect(await registry.resolve(a)).toBeUndefined();
      expect((await registry.list()).map((x) => x.alias)).not.toContain(a);
      await expect(registry.compareAndSet(a, 'coll_c', 'coll_a')).rejects.toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT' });
      await registry.compareAndSet(a, 'coll_c', null);
      expect(await peer.resolve(a)).toBe('coll_c');
    }, timeout);

    it('rejects invalid names with VECTOR_INDEX_INVALID_INPUT', async () => {
      await expect(registry.compareAndSet('bad alias', 'coll_a')).rejects.toMatchObject({ code: 'VECTOR_INDEX_INVALID_INPUT', details: { field: 'alias' } });
      await expect(registry.compareAndSet(fresh(), 'coll-a!')).rejects.toMatchObject({ code: 'VECTOR_INDEX_INVALID_INPUT', details: { field: 'to' } });
    }, timeout);

    it('lets exactly one of 10 concurrent switches with the same expect win', async () => {
      const alias = fresh();
      await registry.compareAndSet(alias, 'coll_start', null);
      const targets = Array.from({ length: 10 }, (_, i) => `coll_next_${i}`);
      const results = await Promise.allSettled(targets.map((to, i) => (i % 2 === 0 ? registry : peer).compareAndSet(alias, to, 'coll_start')));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [targets[i]!] : []));
      expect(won.length).toBe(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'VECTOR_INDEX_ALIAS_CONFLICT' });
      expect(await registry.resolve(alias)).toBe(won[0]);
      expect(await peer.resolve(alias)).toBe(won[0]);
    }, timeout);

    it('lets exactly one of 10 concurrent creations (expect null) win', async () => {
      const alias = fresh();
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? registry : peer).compareAndSet(alias, `coll_c${i}`, null)));
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    }, timeout);
  });
}
