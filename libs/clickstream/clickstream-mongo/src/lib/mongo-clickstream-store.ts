import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import type {
  AddEventsResult,
  BatchSummary,
  ClickstreamStore,
  RegisteredSession,
  SearchResultItem,
  Session,
  SessionBatch,
  SessionEvent,
  SessionWithEvents,
} from '@embedding-studio/clickstream-core';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import { type BatchDoc, type ClaimDoc, type EventDoc, type FenceDoc, type ReleaseDoc, type SessionDoc, clickstreamModels, eventKey } from './schemas.js';

export interface MongoClickstreamStoreOptions {
  connection: Connection;
  logger?: Logger;
  /**
   * How long a request may hold an unplaced session before another request for the same
   * session id takes over (covers a process that died mid-registration). @defaultValue 10000
   */
  claimLeaseMs?: number;
  /** Epoch seconds; injectable for tests. */
  nowSeconds?: () => number;
  /**
   * Sessions this process keeps for `getSession(…, { cached: true })` (validating posted events),
   * most recently used first. A session document is written once and only its results grow, so a
   * copy is safe where a missing result triggers a fresh read. 0 turns the cache off. @defaultValue 10000
   */
  sessionCacheSize?: number;
}

/**
 * MongoDB implementation of the ClickstreamStore port. Its only atomic primitive is the unique
 * index (insert, or update into a unique key): no transactions, no partial/sparse/TTL indexes,
 * no change streams, and no reliance on single-document read-modify-write atomicity, which
 * FerretDB's SQLite backend does not give under concurrency. So it runs unchanged on MongoDB 6+
 * and FerretDB. See docs/adr/0002-batching-with-unique-indexes.md for the algorithm.
 */
export async function createMongoClickstreamStore(options: MongoClickstreamStoreOptions): Promise<ClickstreamStore> {
  const m = clickstreamModels(options.connection);
  const logger = (options.logger ?? noopLogger).child({ lib: 'clickstream-mongo' });
  const leaseMs = options.claimLeaseMs ?? 10_000;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));

  const cacheSize = options.sessionCacheSize ?? 10_000;

  await ensureCollections(m);

  // Every read is a scan on FerretDB's SQLite backend, so the events path reads a session once.
  const cache = new Map<string, SessionDoc>();
  const remember = (doc: SessionDoc): SessionDoc => {
    if (cacheSize <= 0) return doc;
    cache.delete(doc._id);
    cache.set(doc._id, doc);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return doc;
  };
  const readSession = async (sessionId: string, cached: boolean): Promise<SessionDoc | null> => {
    const hit = cached ? cache.get(sessionId) : undefined;
    if (hit) return hit;
    const doc = await m.sessions.findById(sessionId).lean();
    return doc ? remember(doc) : null;
  };
  const ignoreDuplicate = (error: unknown): void => {
    if (!isDuplicateKeyError(error)) throw error;
  };

  // Numbers are taken one at a time in this process: the unique key keeps them correct across
  // processes, and queueing here keeps this process's requests from colliding with each other.
  let placing: Promise<unknown> = Promise.resolve();
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = placing.then(fn, fn);
    placing = run.catch(() => undefined);
    return run;
  };

  const toSession = (d: SessionDoc): RegisteredSession => ({
    session_id: d.session_id,
    search_query: d.search_query,
    created_at: d.created_at,
    search_results: (d.search_results ?? []).map((r) => ({ object_id: r.object_id, rank: r.rank, meta: r.meta ?? null })),
    search_meta: d.search_meta ?? null,
    user_id: d.user_id ?? null,
    is_irrelevant: d.is_irrelevant ?? false,
    batch_id: d.batch_id,
    session_number: d.session_number,
  });

  const toEvent = (d: EventDoc): SessionEvent => ({
    event_id: d.event_id,
    session_id: d.session_id,
    object_id: d.object_id,
    event_type: d.event_type,
    created_at: d.created_at,
    meta: d.meta ?? null,
  });

  /** Highest number known taken per batch; only ever raised from observed slots. */
  const knownLast = new Map<string, number>();
  const slotId = (batchId: string, n: number): string => `${batchId}:${n}`;
  const slotTaken = async (batchId: string, n: number): Promise<boolean> => (await m.slots.exists({ _id: slotId(batchId, n) })) !== null;

  /**
   * The last taken number of a batch. Numbers are contiguous (each is taken as "last + 1"), so it
   * is found with `_id` lookups only: forward from the cached value, doubling, then bisecting.
   */
  const lastNumber = async (batchId: string): Promise<number> => {
    let low = knownLast.get(batchId) ?? 0;
    if (low > 0 && !(await slotTaken(batchId, low))) low = 0;
    let step = 1;
    let high = low + step;
    while (await slotTaken(batchId, high)) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await slotTaken(batchId, mid)) low = mid;
      else high = mid;
    }
    knownLast.set(batchId, low);
    return low;
  };

  /**
   * Takes the next free number of a batch with one unique insert. The first try is the number
   * after the last one this process saw taken; a collision (another process) searches forward.
   */
  const takeNumber = async (batchId: string, sessionId: string): Promise<number> => {
    const known = knownLast.get(batchId);
    let n = (known ?? (await lastNumber(batchId))) + 1;
    for (;;) {
      try {
        await m.slots.create({ _id: slotId(batchId, n), session_id: sessionId });
        knownLast.set(batchId, Math.max(knownLast.get(batchId) ?? 0, n));
        return n;
      } catch (error) {
        ignoreDuplicate(error);
        knownLast.set(batchId, Math.max(knownLast.get(batchId) ?? 0, n));
        n = (await lastNumber(batchId)) + 1;
      }
    }
  };

  /** The newest batch, creating batch 1 on an empty store. */
  const newestBatch = async (): Promise<BatchDoc> => {
    for (;;) {
      const top = await m.batches.findOne().sort({ seq: -1 }).lean();
      if (top) return top;
      await m.batches.create({ seq: 1, created_at: now() }).catch(ignoreDuplicate);
    }
  };

  const releaseOf = (seq: number): Promise<ReleaseDoc | null> => m.releases.findOne({ seq }).lean();
  const markId = (batchId: string): string => `mark:${batchId}`;
  const fenceId = (batchId: string): string => `fence:${batchId}`;

  /**
   * Decides a released batch's fence: marks the batch (so placements from now on check the fence),
   * then computes the last number and inserts it; the first insert wins, so every reader agrees.
   */
  const completeRelease = async (r: ReleaseDoc): Promise<number> => {
    await m.fences.create({ _id: markId(r.batch_id), release_id: r._id, released_at: r.released_at, marked_at: Date.now() }).catch(ignoreDuplicate);
    let fence = (await m.fences.findById(fenceId(r.batch_id)).lean())?.fence;
    if (fence === undefined) {
      const last = r.fence ?? (await lastNumber(r.batch_id));
      try {
        await m.fences.create({ _id: fenceId(r.batch_id), release_id: r._id, released_at: r.released_at, fence: last });
        fence = last;
      } catch (error) {
        ignoreDuplicate(error);
        fence = (await m.fences.findById(fenceId(r.batch_id)).lean())?.fence ?? last;
      }
    }
    // Copies for readers of the documents (small collections; the fence document is the source of truth).
    if (r.fence !== fence) await m.releases.updateOne({ _id: r._id }, { $set: { fence } });
    await m.batches.updateOne(
      { _id: r.batch_id, status: { $ne: 'released' } },
      { $set: { status: 'released', release_id: r._id, released_at: r.released_at, session_counter: fence } },
    );
    return fence;
  };

  /** The fence of a released batch; a release still being completed is waited for (or finished after its lease). */
  const fenceOfRelease = async (release: ReleaseDoc): Promise<number> => {
    for (;;) {
      const doc = await m.fences.findById(fenceId(release.batch_id)).lean();
      if (doc?.fence !== undefined) return doc.fence;
      if (release.fence !== null && release.fence !== undefined) return completeRelease(release); // released before fence documents existed
      if (Date.now() - release.claimed_at > leaseMs) return completeRelease(release);
      await sleep(5);
    }
  };

  /** The batch this process places sessions into; re-read when a release is seen. */
  let current: { batchId: string; seq: number } | null = null;
  const collectingBatch = async (): Promise<{ batchId: string; seq: number }> => {
    while (!current) {
      const batch = await newestBatch();
      const release = await releaseOf(batch.seq);
      if (release) {
        // Its fence must exist before a newer batch takes sessions (a crashed release is finished here).
        await fenceOfRelease(release);
        await m.batches.create({ seq: batch.seq + 1, created_at: now() }).catch(ignoreDuplicate);
        continue;
      }
      current = { batchId: batch._id.toHexString(), seq: batch.seq };
    }
    return current;
  };

  /** The fence of a batch whose mark was seen: waits for it, or decides it once the mark is older than the lease. */
  const fenceOfMarked = async (mark: FenceDoc): Promise<number> => {
    const batchId = mark._id.slice('mark:'.length);
    for (;;) {
      const doc = await m.fences.findById(fenceId(batchId)).lean();
      if (doc?.fence !== undefined) return doc.fence;
      if (Date.now() - (mark.marked_at ?? 0) > leaseMs) {
        const release = await m.releases.findById(mark.release_id).lean();
        if (release) return completeRelease(release);
      }
      await sleep(5);
    }
  };

  type Posted = NonNullable<ClaimDoc['session']>;
  const claimId = (attempt: number, sessionId: string): string => `${attempt}:${sessionId}`;

  /**
   * Places a claimed session at the end of the collecting batch and writes it, with its number,
   * in one insert. The number is taken with one unique insert (`<batch>:<n>`), so two sessions
   * never share one. Then the batch's release mark is read by `_id`: a number past the fence of a
   * release that raced this placement is left unused and the session moves to the next batch.
   */
  const placeSession = async (sessionId: string, posted: Posted): Promise<{ doc: SessionDoc; created: boolean }> => {
    for (;;) {
      // The batch is read inside the queue, so a release seen meanwhile redirects waiting sessions.
      const { batchId, number } = await serially(async () => {
        const batch = await collectingBatch();
        return { batchId: batch.batchId, number: await takeNumber(batch.batchId, sessionId) };
      });
      const mark = await m.fences.findById(markId(batchId)).lean();
      if (mark) {
        if (current?.batchId === batchId) current = null;
        if (number > (await fenceOfMarked(mark))) continue;
      }
      const doc: SessionDoc = { ...posted, _id: sessionId, session_id: sessionId, batch_id: batchId, session_number: number };
      try {
        await m.sessions.create(doc);
        return { doc: remember(doc), created: true };
      } catch (error) {
        ignoreDuplicate(error);
        // Only after a lease takeover: the other request placed it, and this number stays unused.
        logger.warn('registration outlived its claim lease; another request placed the session', { session_id: sessionId, batch_id: batchId, number });
        const existing = await m.sessions.findById(sessionId).lean();
        if (!existing) throw error;
        return { doc: existing, created: false };
      }
    }
  };

  /** Waits for a concurrent registration of the same id; takes over when its claim is older than the lease. */
  const waitUntilPlaced = async (sessionId: string): Promise<SessionDoc | null> => {
    let posted: Posted | undefined;
    let attempt = 0;
    let claimedAt = 0;
    for (;;) {
      const doc = await m.sessions.findById(sessionId).lean();
      if (doc) return doc;
      if (!posted) {
        const first = await m.claims.findById(claimId(0, sessionId)).lean();
        if (!first?.session) return null;
        posted = first.session;
        claimedAt = first.claimed_at;
      }
      // Follow the takeovers to the newest claim.
      for (;;) {
        const next = await m.claims.findById(claimId(attempt + 1, sessionId)).lean();
        if (!next) break;
        attempt += 1;
        claimedAt = next.claimed_at;
      }
      if (Date.now() - claimedAt > leaseMs) {
        // The request placing it is gone: take over (one winner per attempt number).
        try {
          await m.claims.create({ _id: claimId(attempt + 1, sessionId), claimed_at: Date.now() });
        } catch (error) {
          ignoreDuplicate(error);
          continue;
        }
        return (await placeSession(sessionId, posted)).doc;
      }
      await sleep(10);
    }
  };

  const attachEvents = async (docs: SessionDoc[], limit: number): Promise<SessionWithEvents[]> => {
    if (docs.length === 0) return [];
    const byId = new Map<string, SessionEvent[]>(docs.map((d) => [d.session_id, []]));
    if (limit > 0) {
      const events = await m.events
        .find({ session_id: { $in: [...byId.keys()] } })
        .sort({ session_id: 1, created_at: 1, event_id: 1 })
        .lean();
      for (const e of events) {
        const list = byId.get(e.session_id);
        if (list && list.length < limit) list.push(toEvent(e));
      }
    }
    return docs.map((d) => ({ ...toSession(d), events: byId.get(d.session_id) ?? [] }));
  };

  const batchView = async (batch: BatchDoc): Promise<SessionBatch> => {
    const release = await releaseOf(batch.seq);
    const batchId = batch._id.toHexString();
    if (!release) {
      return { batch_id: batchId, status: 'collecting', session_counter: await lastNumber(batchId), created_at: batch.created_at, release_id: null, released_at: null };
    }
    const fence = await fenceOfRelease(release);
    return { batch_id: batchId, status: 'released', session_counter: fence, created_at: batch.created_at, release_id: release._id, released_at: release.released_at };
  };

  const batchById = async (batchId: string): Promise<BatchDoc | null> =>
    /^[0-9a-f]{24}$/i.test(batchId) ? m.batches.findById(batchId).lean() : null;

  return {
    registerSession: (session: Session) =>
      withMongoErrors(async () => {
        const { session_id: sessionId, ...posted } = session;
        try {
          // The claim is the duplicate check: one insert per session id wins.
          await m.claims.create({ _id: claimId(0, sessionId), claimed_at: Date.now(), session: { ...posted, session_id: sessionId } });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const existing = await waitUntilPlaced(sessionId);
          if (!existing) throw error;
          return { session: toSession(existing), created: false };
        }
        const { doc, created } = await placeSession(sessionId, { ...posted, session_id: sessionId });
        return { session: toSession(doc), created };
      }),

    getSession: (sessionId, { eventsLimit, cached = false }) =>
      withMongoErrors(async () => {
        const doc = await readSession(sessionId, cached);
        if (!doc) return null;
        const [withEvents] = await attachEvents([doc], eventsLimit);
        return withEvents ?? null;
      }),

    appendResults: (sessionId, compute: (now: SearchResultItem[]) => SearchResultItem[]) =>
      withMongoErrors(async () => {
        for (;;) {
          const doc = await readSession(sessionId, false);
          if (!doc) return null;
          const current = toSession(doc).search_results;
          const fresh = compute(current);
          if (fresh.length === 0) return toSession(doc);
          // Compare-and-set on the result count, so sequential pages get consecutive ranks.
          const updated = await m.sessions
            .findOneAndUpdate(
              { _id: sessionId, search_results: { $size: current.length } },
              { $push: { search_results: { $each: fresh } } },
              { returnDocument: 'after' },
            )
            .lean();
          if (updated) return toSession(remember(updated));
        }
      }),

    addEvents: (events: SessionEvent[]) =>
      withMongoErrors(async (): Promise<AddEventsResult> => {
        let duplicates = 0;
        try {
          // `_id` = (session_id, event_id): a repeated event is a duplicate key, no other index needed.
          await m.events.insertMany(
            events.map((e) => ({ ...e, _id: eventKey(e.session_id, e.event_id) })),
            { ordered: false },
          );
        } catch (error) {
          const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
          if (!Array.isArray(writeErrors) || !isDuplicateKeyError(error)) throw error;
          duplicates = writeErrors.length;
        }
        const clicked = [...new Set(events.filter((e) => e.event_type === 'click').map((e) => e.session_id))];
        await Promise.all(
          clicked.map(async (id) => {
            // A marker insert instead of an update of the session (updates are slow on FerretDB).
            const session = await readSession(id, true);
            if (session) await m.clicks.create({ _id: id, batch_id: session.batch_id }).catch(ignoreDuplicate);
          }),
        );
        return { inserted: events.length - duplicates, duplicates };
      }),

    markIrrelevant: (sessionId) =>
      withMongoErrors(async () => {
        const res = await m.sessions.updateOne({ _id: sessionId }, { $set: { is_irrelevant: true } });
        const known = cache.get(sessionId);
        if (known) remember({ ...known, is_irrelevant: true });
        return res.matchedCount === 1;
      }),

    releaseBatch: (releaseId, nowSeconds) =>
      withMongoErrors(async () => {
        for (;;) {
          const prior = await m.releases.findById(releaseId).lean();
          if (prior) {
            await fenceOfRelease(prior);
            const batch = await m.batches.findById(prior.batch_id).lean();
            return batch ? batchView(batch) : null;
          }
          const batch = await m.batches.findOne().sort({ seq: -1 }).lean();
          if (!batch) return null;
          const released = await releaseOf(batch.seq);
          if (released) {
            await fenceOfRelease(released); // finishes a release whose process died
            return null;
          }
          const record: ReleaseDoc = { _id: releaseId, seq: batch.seq, batch_id: batch._id.toHexString(), released_at: nowSeconds, fence: null, claimed_at: Date.now() };
          try {
            await m.releases.create(record);
          } catch (error) {
            ignoreDuplicate(error);
            continue; // same release id (→ prior) or this batch was just released (→ nothing to release)
          }
          if (current?.seq === batch.seq) current = null;
          await completeRelease(record);
          return batchView(batch);
        }
      }),

    getBatch: (batchId) =>
      withMongoErrors(async (): Promise<BatchSummary | null> => {
        let batch: BatchDoc | null;
        if (batchId === null) {
          batch = await m.batches.findOne().sort({ seq: -1 }).lean();
          if (batch && (await releaseOf(batch.seq))) batch = null;
        } else {
          batch = await batchById(batchId);
        }
        if (!batch) return null;
        const id = batch._id.toHexString();
        const view = await batchView(batch);
        const limit = view.status === 'released' ? { session_number: { $lte: view.session_counter } } : {};
        const [count, withClicks] = await Promise.all([m.sessions.countDocuments({ batch_id: id, ...limit }), m.clicks.countDocuments({ batch_id: id })]);
        return { ...view, session_count: count, sessions_with_clicks: withClicks, sessions_without_clicks: count - withClicks };
      }),

    readBatchSessions: (batchId, { afterNumber, limit, eventsLimit }) =>
      withMongoErrors(async () => {
        const batch = await batchById(batchId);
        if (!batch) return [];
        const view = await batchView(batch);
        const upTo = view.status === 'released' ? view.session_counter : Number.MAX_SAFE_INTEGER;
        const docs = await m.sessions
          .find({ batch_id: batchId, session_number: { $gt: afterNumber, $lte: upTo } })
          .sort({ session_number: 1 })
          .limit(limit)
          .lean();
        return attachEvents(docs, eventsLimit);
      }),
  };
}
