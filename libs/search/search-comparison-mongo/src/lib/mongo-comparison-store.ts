import type { Connection } from 'mongoose';
import type { ComparisonEnd, ComparisonSearchLog, ComparisonStore, LoggedSearch, StoredComparison } from '@embedding-studio/search-comparison';
import { CLICKSTREAM_COLLECTIONS } from '@embedding-studio/clickstream-mongo';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';
import { comparisonModels, type ComparisonDoc, type EndDoc } from './schemas.js';

export interface MongoComparisonOptions {
  connection: Connection;
}

/**
 * Comparisons on MongoDB / FerretDB as insert-only documents: one per started comparison
 * (`_id` = `<collection>.<seq>`, so of two racing starts one wins) and one per end (`_id` = the
 * comparison id, so the first of a stop and a decision wins). Nothing is ever updated.
 */
export async function createMongoComparisonStore(options: MongoComparisonOptions): Promise<ComparisonStore> {
  const m = comparisonModels(options.connection);
  await ensureCollections(m);
  const withEnds = async (docs: ComparisonDoc[]): Promise<StoredComparison[]> => {
    if (docs.length === 0) return [];
    const ends = await m.ends.find({ _id: { $in: docs.map((d) => d._id) } }).lean<EndDoc[]>();
    const byId = new Map(ends.map((e) => [e._id, e.end]));
    return docs.map((d) => {
      const end = byId.get(d._id);
      return end ? { record: d.record, end } : { record: d.record };
    });
  };
  return {
    latest: (collection) =>
      withMongoErrors(async () => {
        const docs = await m.comparisons.find({ collection }).sort({ seq: -1 }).limit(1).lean<ComparisonDoc[]>();
        return (await withEnds(docs))[0];
      }),
    get: (id) =>
      withMongoErrors(async () => {
        const doc = await m.comparisons.findById(id).lean<ComparisonDoc>();
        return doc ? (await withEnds([doc]))[0] : undefined;
      }),
    list: (collection) =>
      withMongoErrors(async () => withEnds(await m.comparisons.find({ collection }).sort({ seq: -1 }).lean<ComparisonDoc[]>())),
    running: () =>
      withMongoErrors(async () => {
        // Comparisons are few (one running per collection, a handful over its life): read them all.
        const [docs, ends] = await Promise.all([m.comparisons.find({}).lean<ComparisonDoc[]>(), m.ends.find({}, { _id: 1 }).lean<{ _id: string }[]>()]);
        const ended = new Set(ends.map((e) => e._id));
        return docs.filter((d) => !ended.has(d._id)).map((d) => ({ record: d.record }));
      }),
    insert: (record) =>
      withMongoErrors(async () => {
        try {
          await m.comparisons.create({ _id: record.id, collection: record.collection, seq: record.seq, record } satisfies ComparisonDoc);
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      }),
    end: (end) =>
      withMongoErrors(async () => {
        try {
          await m.ends.create({ _id: end.id, end } satisfies EndDoc);
          return end;
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const stored = await m.ends.findById(end.id).lean<EndDoc>();
          if (!stored) throw error;
          return stored.end as ComparisonEnd;
        }
      }),
  };
}

/** Ids per `$in` query. */
const CHUNK = 500;

interface SessionRow {
  _id: string;
  search_query: string;
  created_at: number;
  search_results: { object_id: string; rank: number }[];
  search_meta: Record<string, unknown> | null;
}

/**
 * Logged searches read from the clickstream's collections (`@embedding-studio/clickstream-mongo`):
 * sessions by their `search_meta` (a collection scan on FerretDB, which has no index there) and
 * their click events by session id. Only the first page of each search is read: pages appended
 * by "load more" are not part of a comparison.
 */
export function createMongoSearchLog(options: MongoComparisonOptions): ComparisonSearchLog {
  const db = options.connection;
  const sessions = () => db.collection<SessionRow>(CLICKSTREAM_COLLECTIONS.sessions);
  const events = () => db.collection<{ session_id: string; object_id: string; event_type: string }>(CLICKSTREAM_COLLECTIONS.events);
  const projection = { _id: 1, search_query: 1, created_at: 1, search_results: 1, search_meta: 1 } as const;

  const withClicks = async (rows: SessionRow[]): Promise<LoggedSearch[]> => {
    const clicks = new Map<string, string[]>();
    for (let i = 0; i < rows.length; i += CHUNK) {
      const ids = rows.slice(i, i + CHUNK).map((r) => r._id);
      const found = await events()
        .find({ session_id: { $in: ids }, event_type: 'click' }, { projection: { _id: 0, session_id: 1, object_id: 1 } })
        .toArray();
      for (const e of found) clicks.set(e.session_id, [...(clicks.get(e.session_id) ?? []), e.object_id]);
    }
    return rows.map((r) => ({
      search_id: r._id,
      query: r.search_query,
      created_at: r.created_at,
      results: [...r.search_results].sort((a, b) => a.rank - b.rank).map((x) => ({ object_id: x.object_id, rank: x.rank })),
      search_meta: r.search_meta,
      clicks: clicks.get(r._id) ?? [],
    }));
  };

  return {
    comparisonSearches: (collection, comparisonId) =>
      withMongoErrors(async () => withClicks(await sessions().find({ 'search_meta.collection': collection, 'search_meta.comparison.id': comparisonId }, { projection }).toArray())),
    profileSearches: (collection, version, limit) =>
      withMongoErrors(async () =>
        withClicks(
          await sessions()
            .find({ 'search_meta.collection': collection, 'search_meta.profile_version': version, 'search_meta.comparison': { $exists: false } }, { projection })
            .sort({ created_at: -1, _id: -1 })
            .limit(limit)
            .toArray(),
        ),
      ),
  };
}
