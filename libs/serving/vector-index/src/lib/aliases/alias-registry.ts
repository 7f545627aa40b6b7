// The AliasRegistry port: where an engine without native aliases (LanceDB) keeps them. The product
// owns it (MongoDB in production, memory in tests), so every API process resolves the same alias.
import { VectorIndexAliasConflictError, VectorIndexCollectionNotFoundError, VectorIndexInvalidInputError } from '../../errors.js';
import { assertValidName } from '../rules.js';
import type { AliasSwitch, VectorIndex } from '../vector-index.js';

/** Alias → physical collection name, with compare-and-set switches. Every method is safe to call concurrently. */
export interface AliasRegistry {
  /** The collection the alias points at, or `undefined`. */
  resolve(alias: string): Promise<string | undefined>;
  /**
   * Points `alias` at `to`. With `expect` a string, only while the alias points at it; with `expect: null`,
   * only while the alias does not exist; without `expect`, unconditionally. A failed condition throws
   * `VECTOR_INDEX_ALIAS_CONFLICT` and changes nothing.
   */
  compareAndSet(alias: string, to: string, expect?: string | null): Promise<void>;
  /** Removes the alias; a no-op when it does not exist. */
  delete(alias: string): Promise<void>;
  /** Every alias, sorted by name. */
  list(): Promise<Array<{ alias: string; collection: string }>>;
}

/** Validates the arguments of {@link AliasRegistry.compareAndSet} the same way in every registry. */
export function assertValidAliasSwitch(alias: string, to: string, expect?: string | null): void {
  assertValidName('alias', alias);
  assertValidName('to', to);
  if (expect !== undefined && expect !== null) assertValidName('expect', expect);
}

/** An in-process registry (tests, single-process tools). */
export function createMemoryAliasRegistry(): AliasRegistry {
  return mapAliasRegistry(new Map());
}

/** A registry over a map the caller may also read synchronously (the in-memory index does). */
export function mapAliasRegistry(aliases: Map<string, string>): AliasRegistry {
  return {
    async resolve(alias) {
      return aliases.get(alias);
    },
    async compareAndSet(alias, to, expect) {
      assertValidAliasSwitch(alias, to, expect);
      const current = aliases.get(alias);
      if (expect !== undefined && (current ?? null) !== expect) throw new VectorIndexAliasConflictError(alias, expect, current);
      aliases.set(alias, to);
    },
    async delete(alias) {
      aliases.delete(alias);
    },
    async list() {
      return [...aliases].map(([alias, collection]) => ({ alias, collection })).sort((a, b) => a.alias.localeCompare(b.alias));
    },
  };
}

/** What {@link aliasesFromRegistry} needs to know about the engine's collections. */
export interface AliasTargets {
  /** Whether a physical collection of this name exists. */
  exists(collection: string): Promise<boolean>;
}

/**
 * `VectorIndex.aliases` for an engine without native aliases: the registry keeps them, and a switch
 * is refused when its target collection does not exist or the alias name is a collection.
 */
export function aliasesFromRegistry(registry: AliasRegistry, targets: AliasTargets): VectorIndex['aliases'] {
  return {
    resolve: (alias) => registry.resolve(alias),
    async switch({ alias, to, expect }: AliasSwitch) {
      assertValidName('alias', alias);
      if (!(await targets.exists(to))) throw new VectorIndexCollectionNotFoundError(to);
      if (await targets.exists(alias)) throw new VectorIndexInvalidInputError('alias', `${alias} is a collection name`);
      await registry.compareAndSet(alias, to, expect);
    },
    delete: (alias) => registry.delete(alias),
    list: () => registry.list(),
  };
}

/** Refuses to drop a collection while an alias points at it. */
export async function assertNotAliased(aliases: Pick<AliasRegistry, 'list'>, collection: string): Promise<void> {
  const pointing = (await aliases.list()).find((a) => a.collection === collection);
  if (pointing) throw new VectorIndexAliasConflictError(pointing.alias, null, collection);
}
