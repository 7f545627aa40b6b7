// The ports of @embedding-studio/search-quality on MongoDB / FerretDB.
import type { Connection } from 'mongoose';
import { CLICKSTREAM_COLLECTIONS } from '@embedding-studio/clickstream-mongo';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';
import { systemClock, type Clock } from '@embedding-studio/primitives';
import { rollupId, type FoldLease, type QualityCounts, type QualityMarks, type QualityRollupStore, type QualitySource, type SearchRecord } from '@embedding-studio/search-quality';
import { qualityModels, type DirtyDoc, type LeaseDoc, type RollupDoc } from './schemas.js';

export interface MongoQualityStoreOptions {
  connection: Connection;
  /** Session ids per `$in` read of events, pages and flags. @defaultValue 500 */
  readChunk?: number;
  /** Epoch ms, for lease expiry. @defaultValue systemClock */
  clock?: Clock;
}

export interface MongoQualityStore {
  rollups: QualityRollupStore;
  marks: QualityMarks;
  source: QualitySource;
  lease: FoldLease;
}

const LEASE_ID = 'fold';

interface SessionRow {
  _id: string;
  created_at: number;
  search_results?: { object_id: string }[];
  search_meta?: { profile_version?: unknown; latency_ms?: unknown } | null;
  is_irrelevant?: boolean;
}
interface EventRow {
  session_id: string;
  object_id: string;
  event_type: string;
  created_at: number;
}
interface PageRow {
  session_id: string;
  page: number;
  results?: { object_id: string }[];
}

/**
 * Rollups, dirty marks and the fold lease in collections of their own, written by inserts (marks,
 * lease) and whole-document replaces keyed by `_id` (rollups, one writer at a time under the
 * lease). The source reads the clickstream's collections (names from clickstream-mongo): the
 * sessions of one collection and hour, then their events, appended pages and irrelevant flags
 * by session id.
 */
export async function createMongoQualityStore(options: MongoQualityStoreOptions): Promise<MongoQualityStore> {
  const m = qualityModels(options.connection);
  await ensureCollections(m);
  const clock = options.clock ?? systemClock;
  const chunk = options.readChunk ?? 500;
  const db = options.connection;
  const col = (name: string) => db.collection(name);

  const inChunks = async <T>(ids: string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += chunk) out.push(...(await read(ids.slice(i, i + chunk))));
    return out;
  };
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

  const marks: QualityMarks = {
    async mark(hours) {
      const docs: DirtyDoc[] = [...new Map(hours.map((h) => [`${h.collection}:${h.hour}`, h])).entries()].map(([_id, h]) => ({ _id, collection: h.collection, hour: h.hour }));
      if (docs.length === 0) return;
      // A mark that exists already is a duplicate key: the hour is dirty, which is the point.
      await withMongoErrors(() => insertOnce(() => m.dirty.insertMany(docs, { ordered: false })));
    },
    async take(limit) {
      const docs = await withMongoErrors(() => m.dirty.find({}).sort({ hour: 1 }).limit(limit).lean<DirtyDoc[]>().exec());
      if (docs.length === 0) return [];
      await withMongoErrors(() => m.dirty.deleteMany({ _id: { $in: docs.map((d) => d._id) } }).exec());
      return docs.map((d) => ({ collection: d.collection, hour: d.hour }));
    },
  };

  const source: QualitySource = {
    async searches(collection, from, to) {
      const sessions = await withMongoErrors(() =>
        col(CLICKSTREAM_COLLECTIONS.sessions)
          .find<SessionRow>(
            { 'search_meta.collection': collection, created_at: { $gte: from, $lt: to } },
            { projection: { _id: 1, created_at: 1, 'search_results.object_id': 1, 'search_meta.profile_version': 1, 'search_meta.latency_ms': 1, is_irrelevant: 1 } },
          )
          .toArray(),
      );
      if (sessions.length === 0) return [];
      const ids = sessions.map((s) => s._id);
      const [events, pages, flags] = await Promise.all([
        inChunks(ids, (part) =>
          withMongoErrors(() =>
            col(CLICKSTREAM_COLLECTIONS.events)
              .find<EventRow>({ session_id: { $in: part } }, { projection: { _id: 0, session_id: 1, object_id: 1, event_type: 1, created_at: 1 } })
              .toArray(),
          ),
        ),
        inChunks(ids, (part) =>
          withMongoErrors(() =>
            col(CLICKSTREAM_COLLECTIONS.pages)
              .find<PageRow>({ session_id: { $in: part } }, { projection: { _id: 0, session_id: 1, page: 1, 'results.object_id': 1 } })
              .toArray(),
          ),
        ),
        inChunks(ids, (part) =>
          withMongoErrors(() =>
            col(CLICKSTREAM_COLLECTIONS.irrelevant)
              .find<{ _id: unknown }>({ _id: { $in: part } } as Record<string, unknown>, { projection: { _id: 1 } })
              .toArray(),
          ),
        ),
      ]);
      const clicksOf = new Map<string, SearchRecord['clicks']>();
      for (const e of events.sort((a, b) => a.created_at - b.created_at)) {
        if (e.event_type !== 'click') continue;
        const list = clicksOf.get(e.session_id) ?? [];
        list.push({ object_id: e.object_id, created_at: e.created_at });
        clicksOf.set(e.session_id, list);
      }
      const pagesOf = new Map<string, PageRow[]>();
      for (const p of pages) pagesOf.set(p.session_id, [...(pagesOf.get(p.session_id) ?? []), p]);
      const flagged = new Set(flags.map((f) => String(f._id)));
      return sessions.map((s): SearchRecord => {
        const appended = (pagesOf.get(s._id) ?? []).sort((a, b) => a.page - b.page);
        const version = s.search_meta?.profile_version;
        const latency = s.search_meta?.latency_ms;
        return {
          session_id: s._id,
          version: typeof version === 'number' ? version : null,
          created_at: s.created_at,
          latency_ms: typeof latency === 'number' ? latency : null,
          shown: [...(s.search_results ?? []), ...appended.flatMap((p) => p.results ?? [])].map((r) => r.object_id),
          clicks: clicksOf.get(s._id) ?? [],
          load_more: appended.some((p) => (p.results ?? []).length > 0),
          irrelevant: s.is_irrelevant === true || flagged.has(s._id),
        };
      });
    },
  };

  const lease: FoldLease = {
    async acquire(owner, ttlMs) {
      const take = (): Promise<boolean> => insertOnce(() => m.leases.create({ _id: LEASE_ID, owner, expires_at: clock.now() + ttlMs }));
      if (await withMongoErrors(take)) return true;
      const held = await withMongoErrors(() => m.leases.findById(LEASE_ID).lean<LeaseDoc>().exec());
      if (held && held.owner !== owner && held.expires_at > clock.now()) return false;
      // Free (released meanwhile), expired, or our own: delete exactly what was read, then race on the insert.
      if (held) await withMongoErrors(() => m.leases.deleteOne({ _id: LEASE_ID, owner: held.owner, expires_at: held.expires_at }).exec());
      return withMongoErrors(take);
    },
    async release(owner) {
      await withMongoErrors(() => m.leases.deleteOne({ _id: LEASE_ID, owner }).exec());
    },
  };

  return { rollups, marks, source, lease };
}
