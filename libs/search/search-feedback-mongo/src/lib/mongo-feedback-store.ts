import type { Connection } from 'mongoose';
import { ensureCollections, isDuplicateKeyError, translateMongoError, withMongoErrors } from '@embedding-studio/mongo';
import { createMemoryFeedbackStore } from '@embedding-studio/search-feedback';
import type { FeedbackDelta, FeedbackStore } from '@embedding-studio/search-feedback';
import { type DeltaDoc, deltaKey, feedbackModels } from './schemas.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';

export interface MongoFeedbackStoreOptions {
  connection: Connection;
  /**
   * How old this process's view of a collection may be before a read first fetches the deltas
   * other processes wrote. This process's own writes are visible at once.
   * @defaultValue 1000
   */
  maxStalenessMs?: number;
  /**
   * How far back (ms) before the newest delta seen a refresh reads again, to catch deltas of
   * other processes whose clocks lag or whose inserts were slow to commit. Re-read deltas are
   * skipped by id.
   * @defaultValue 60000
   */
  overlapMs?: number;
  /** Wall clock (epoch ms). @defaultValue systemClock */
  clock?: Clock;
}

interface View {
  /** Newest `written_at` read (or written) so far. */
  seen: number;
  /** When the last refresh started. */
  refreshedAt: number;
  refreshing: Promise<void> | null;
}

/**
 * {@link FeedbackStore} on MongoDB or FerretDB. Writes only insert: each delta is one document
 * whose `_id` is its idempotency key, so the unique `_id` (exact on both servers, unlike
 * read-modify-write updates on FerretDB) decides that a delta counts once, whatever the
 * concurrency. Reads are served by an in-process projection per collection (the in-memory
 * store), filled on first use and refreshed with the deltas written since, at most every
 * `maxStalenessMs`: queries do not touch the database on the hot path.
 */
export async function createMongoFeedbackStore(options: MongoFeedbackStoreOptions): Promise<FeedbackStore> {
  const m = feedbackModels(options.connection);
  await ensureCollections(m);
  const staleness = options.maxStalenessMs ?? 1000;
  const overlap = options.overlapMs ?? 60_000;
  const clock = options.clock ?? systemClock;
  const projection = createMemoryFeedbackStore();
  const views = new Map<string, View>();

  const toDelta = (d: DeltaDoc): FeedbackDelta => ({
    id: d._id.slice(d._id.indexOf(':') + 1 + d.collection.length + 1),
    collection: d.collection,
    key: d.key,
    text: d.text,
    ...(d.vector && d.vector.length > 0 ? { vector: d.vector } : {}),
    sessions: d.sessions,
    docs: d.docs,
  });

  const refresh = async (collection: string, view: View): Promise<void> => {
    view.refreshedAt = clock.now();
    const since = view.seen === -Infinity ? -Infinity : view.seen - overlap;
    const filter = since === -Infinity ? { collection } : { collection, written_at: { $gte: since } };
    const docs = await withMongoErrors(() => m.deltas.find(filter).sort({ written_at: 1 }).lean<DeltaDoc[]>().exec());
    await projection.apply(docs.map(toDelta));
    for (const d of docs) view.seen = Math.max(view.seen, d.written_at);
  };

  const fresh = async (collection: string): Promise<void> => {
    let view = views.get(collection);
    if (!view) {
      view = { seen: -Infinity, refreshedAt: -Infinity, refreshing: null };
      views.set(collection, view);
    }
    if (view.refreshing) return view.refreshing;
    if (clock.now() - view.refreshedAt < staleness) return;
    const v = view;
    v.refreshing = refresh(collection, v).finally(() => {
      v.refreshing = null;
    });
    return v.refreshing;
  };

  return {
    async apply(deltas) {
      if (deltas.length === 0) return { applied: 0 };
      const writtenAt = clock.now();
      const docs: DeltaDoc[] = deltas.map((d) => ({
        _id: deltaKey(d.collection, d.id),
        collection: d.collection,
        key: d.key,
        text: d.text,
        vector: d.vector && d.vector.length > 0 ? Array.from(d.vector) : null,
        sessions: d.sessions,
        docs: d.docs.map((x) => ({ ...x })),
        written_at: writtenAt,
      }));
      const failed = new Set<number>();
      try {
        await m.deltas.collection.insertMany(docs as unknown as Array<Record<string, unknown>>, { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: Array<{ index: number }> }).writeErrors;
        if (!isDuplicateKeyError(error) || !Array.isArray(writeErrors)) throw translateMongoError(error);
        for (const w of writeErrors) failed.add(w.index);
      }
      const inserted = deltas.filter((_, i) => !failed.has(i));
      // Read-your-writes in this process; a delta another process won is read back on refresh.
      await projection.apply(inserted);
      return { applied: inserted.length };
    },
    async get(collection, key) {
      await fresh(collection);
      return projection.get(collection, key);
    },
    async nearest(collection, vector, nearestOptions) {
      await fresh(collection);
      return projection.nearest(collection, vector, nearestOptions);
    },
    async drop(collection) {
      await withMongoErrors(() => m.deltas.deleteMany({ collection }).exec());
      await projection.drop(collection);
      views.delete(collection);
    },
  };
}
