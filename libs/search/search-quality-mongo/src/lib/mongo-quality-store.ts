// The ports of @embedding-studio/search-quality on MongoDB / FerretDB.
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';
import { systemClock, type Clock } from '@embedding-studio/primitives';
import {
  rollupId,
  type FoldLease,
  type HourStateStore,
  type QualityCounts,
  type QualityEntry,
  type QualityLog,
  type QualityRollupStore,
  type SearchRecord,
  type SessionSnapshot,
} from '@embedding-studio/search-quality';
import { qualityModels, type HourDoc, type LeaseDoc, type LogDoc, type RollupDoc } from './schemas.js';

export interface MongoQualityStoreOptions {
  connection: Connection;
  /** Epoch ms, for log ids and lease expiry. @defaultValue systemClock */
  clock?: Clock;
}

export interface MongoQualityStore {
  rollups: QualityRollupStore;
  log: QualityLog;
  states: HourStateStore;
  lease: FoldLease;
}

const LEASE_ID = 'fold';
/** Lease generations kept behind the newest. */
const KEEP_GENERATIONS = 20;

/**
 * Rollups, hour states, the write log and the fold lease in collections of their own. The hot
 * path only inserts (log entries); rollups and hour states are replaced whole by `_id`, by one
 * folder at a time under the lease; the lease is taken by insert. Nothing here reads the
 * clickstream's collections, which FerretDB would scan in full.
 */
export async function createMongoQualityStore(options: MongoQualityStoreOptions): Promise<MongoQualityStore> {
  const m = qualityModels(options.connection);
  await ensureCollections(m);
  const clock = options.clock ?? systemClock;
  /** Orders this process's entries within one millisecond. */
  let logSeq = 0;

  const insertOnce = async (fn: () => Promise<unknown>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  };

  const rollups: QualityRollupStore = {
    async read(collection, fromHour, to) {
      const docs = await withMongoErrors(() => m.rollups.find({ collection, hour: { $gte: fromHour, $lt: to } }).lean<RollupDoc[]>().exec());
      return docs.map((d) => ({ collection: d.collection, version: d.version ?? null, hour: d.hour, counts: d.counts as unknown as QualityCounts, folded_at: d.folded_at }));
    },
    async write(list) {
      if (list.length === 0) return;
      await withMongoErrors(() =>
        m.rollups.bulkWrite(
          list.map((r) => {
            const _id = rollupId(r.collection, r.version, r.hour);
            const doc = { _id, collection: r.collection, version: r.version, hour: r.hour, counts: r.counts as unknown as Record<string, unknown>, folded_at: r.folded_at };
            return { replaceOne: { filter: { _id }, replacement: doc, upsert: true } };
          }),
          { ordered: true },
        ),
      );
    },
  };

  const log: QualityLog = {
    async append(entries) {
      if (entries.length === 0) return;
      const at = clock.now().toString(36).padStart(9, '0');
      const docs: LogDoc[] = entries.map((e) => ({
        _id: `${at}-${(++logSeq).toString(36).padStart(8, '0')}-${randomBytes(6).toString('hex')}`,
        session: e.session as unknown as Record<string, unknown>,
        clicks: e.clicks ?? [],
        load_more: e.load_more === true,
      }));
      await withMongoErrors(() => m.log.insertMany(docs, { ordered: false }));
    },
    async read(limit) {
      const docs = await withMongoErrors(() => m.log.find({}).sort({ _id: 1 }).limit(limit).lean<LogDoc[]>().exec());
      return docs.map((d) => ({ id: d._id, session: d.session as unknown as SessionSnapshot, clicks: d.clicks as NonNullable<QualityEntry['clicks']>, load_more: d.load_more }));
    },
    async remove(ids) {
      if (ids.length === 0) return;
      await withMongoErrors(() => m.log.deleteMany({ _id: { $in: ids } }).exec());
    },
  };

  const states: HourStateStore = {
    async get(collection, hour) {
      const d = await withMongoErrors(() => m.hours.findById(`${collection}:${hour}`).lean<HourDoc>().exec());
      return d ? { collection: d.collection, hour: d.hour, sessions: d.sessions as SearchRecord[] } : null;
    },
    async put(state) {
      const _id = `${state.collection}:${state.hour}`;
      const doc = { _id, collection: state.collection, hour: state.hour, sessions: state.sessions };
      await withMongoErrors(() => m.hours.replaceOne({ _id }, doc, { upsert: true }).exec());
    },
  };

  /** The generation each owner of this instance holds. */
  const held = new Map<string, number>();
  const lease: FoldLease = {
    async acquire(owner, ttlMs) {
      const [latest] = await withMongoErrors(() => m.leases.find({}).sort({ gen: -1 }).limit(1).lean<LeaseDoc[]>().exec());
      if (latest && latest.expires_at > clock.now()) return false;
      const gen = (latest?.gen ?? 0) + 1;
      // One insert per generation wins, on both servers.
      const won = await withMongoErrors(() => insertOnce(() => m.leases.create({ _id: `${LEASE_ID}:${gen}`, gen, owner, expires_at: clock.now() + ttlMs })));
      if (!won) return false;
      // A taker whose read was generations old could insert a pruned number: the newest generation decides.
      const [newest] = await withMongoErrors(() => m.leases.find({}).sort({ gen: -1 }).limit(1).lean<LeaseDoc[]>().exec());
      if (newest?.gen !== gen) return false;
      held.set(owner, gen);
      // Generations well behind are dead: prune them, keeping the last few so a late taker collides.
      await withMongoErrors(() => m.leases.deleteMany({ gen: { $lt: gen - KEEP_GENERATIONS } }).exec()).catch(() => undefined);
      return true;
    },
    async release(owner) {
      const gen = held.get(owner);
      if (gen === undefined) return;
      held.delete(owner);
      // Only the holder writes its generation, so this update races with nothing.
      await withMongoErrors(() => m.leases.updateOne({ _id: `${LEASE_ID}:${gen}`, owner }, { $set: { expires_at: 0 } }).exec());
    },
  };

  return { rollups, log, states, lease };
}
