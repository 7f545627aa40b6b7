import type { Connection } from 'mongoose';
import { ensureCollections, isDuplicateKeyError, newestRevision, withMongoErrors } from '@embedding-studio/mongo';
import { VectorIndexAliasConflictError, VectorIndexUnavailableError, assertValidAliasSwitch, assertValidName, type AliasRegistry } from '@embedding-studio/vector-index';
import { aliasModels, type AliasHeadDoc, type AliasRevisionDoc } from './schemas.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';

export interface MongoAliasRegistryOptions {
  connection: Connection;
  /** Wall clock (epoch ms). @defaultValue systemClock */
  clock?: Clock;
}

/** The newest known state of an alias. */
interface State {
  rev: number;
  collection: string | null;
}

/** Lost races before a write gives up with VECTOR_INDEX_UNAVAILABLE (only under extreme contention). */
const MAX_ATTEMPTS = 64;
/** Listing-copy write attempts before leaving it to later writers and readers (who probe past it). */
const MAX_SYNC_ROUNDS = 20;

/**
 * An AliasRegistry on MongoDB whose only atomic primitive is the unique `_id`: every change inserts
 * revision `<alias>:<n + 1>`, and the duplicate-key error tells the losers of a race to read again.
 * It needs no transactions and no atomic conditional update, so it is exact on MongoDB and on
 * FerretDB (see docs/adr/0004-task-state-on-unique-keys.md for the pattern).
 */
export async function createMongoAliasRegistry(options: MongoAliasRegistryOptions): Promise<AliasRegistry> {
  const m = aliasModels(options.connection);
  const clock = options.clock ?? systemClock;
  await ensureCollections(m);

  const revisionId = (alias: string, rev: number): string => `${alias}:${rev}`;

  /** From a known state, the newest: `_id` lookups forward until one is missing. */
  const newestFrom = (alias: string, known: State): Promise<State> =>
    newestRevision(known, async (k) => {
      const next = await m.revisions.findById(revisionId(alias, k.rev + 1)).lean<AliasRevisionDoc>();
      return next ? { rev: next.rev, collection: next.target ?? null } : null;
    });

  const read = async (alias: string): Promise<State> => {
    const head = await m.heads.findById(alias).lean<AliasHeadDoc>();
    return newestFrom(alias, head ? { rev: head.rev, collection: head.target ?? null } : { rev: 0, collection: null });
  };

  /**
   * Makes the listing copy show the newest revision. Its updates may be lost or reordered on servers
   * without atomic updates, so write, read back, and repeat until it is at least as new as the newest
   * revision; a writer whose older state lands last finds the newer revision on its own check.
   */
  const syncHead = async (alias: string, known: State): Promise<void> => {
    let newest = known;
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      newest = await newestFrom(alias, newest);
      const shown = await m.heads.findById(alias, { rev: 1 }).lean<Pick<AliasHeadDoc, '_id' | 'rev'>>();
      if (shown && shown.rev >= newest.rev) return;
      await m.heads.updateOne({ _id: alias }, { $set: { rev: newest.rev, target: newest.collection } }, { upsert: true });
    }
  };

  /** Inserts the next revision if `decide` allows it on the newest state; retries lost races. */
  const write = async (alias: string, decide: (current: State) => { collection: string | null } | 'skip'): Promise<void> => {
    // The listing copy exists before the first revision, so `list` never misses an alias whose writer died.
    await m.heads.create({ _id: alias, rev: 0, target: null }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
    let current = await read(alias);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const next = decide(current);
      if (next === 'skip') return;
      const rev = current.rev + 1;
      try {
        await m.revisions.create({ _id: revisionId(alias, rev), alias, rev, target: next.collection, written_at: new Date(clock.now()) });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        current = await newestFrom(alias, current);
        continue;
      }
      await syncHead(alias, { rev, collection: next.collection });
      return;
    }
    throw new VectorIndexUnavailableError('mongo alias registry', `switching alias ${alias} (${MAX_ATTEMPTS} lost races)`);
  };

  return {
    resolve: (alias) =>
      withMongoErrors(async () => {
        assertValidName('alias', alias);
        return (await read(alias)).collection ?? undefined;
      }),

    compareAndSet: (alias, to, expect) =>
      withMongoErrors(async () => {
        assertValidAliasSwitch(alias, to, expect);
        await write(alias, (current) => {
          if (expect !== undefined && current.collection !== expect) throw new VectorIndexAliasConflictError(alias, expect, current.collection ?? undefined);
          return { collection: to };
        });
      }),

    delete: (alias) =>
      withMongoErrors(async () => {
        assertValidName('alias', alias);
        if ((await read(alias)).collection === null) return;
        await write(alias, (current) => (current.collection === null ? 'skip' : { collection: null }));
      }),

    list: () =>
      withMongoErrors(async () => {
        const heads = await m.heads.find({}).sort({ _id: 1 }).lean<AliasHeadDoc[]>();
        const states = await Promise.all(heads.map(async (h) => ({ alias: h._id, state: await newestFrom(h._id, { rev: h.rev, collection: h.target ?? null }) })));
        return states.flatMap(({ alias, state }) => (state.collection === null ? [] : [{ alias, collection: state.collection }]));
      }),
  };
}
