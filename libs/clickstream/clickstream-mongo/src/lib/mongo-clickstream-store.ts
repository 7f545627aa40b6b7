import { randomUUID } from 'node:crypto';
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
import { type BatchDoc, type EventDoc, type ReleaseDoc, type SessionDoc, clickstreamModels } from './schemas.js';

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

  await ensureCollections(m);
  const ignoreDuplicate = (error: unknown): void => {
    if (!isDuplicateKeyError(error)) throw error;
  };
  const placeholder = (sessionId: string): string => `pending:${sessionId}`;

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
    batch_id: d.batch_id.startsWith('pending:') ? '' : d.batch_id,
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

  /** Takes the next free number of a batch with a unique insert. */
  const takeNumber = async (batchId: string, sessionId: string): Promise<number> => {
    let n = (await lastNumber(batchId)) + 1;
    for (;;) {
      try {
        await m.slots.create({ _id: slotId(batchId, n), session_id: sessionId });
        knownLast.set(batchId, Math.max(knownLast.get(batchId) ?? 0, n));
        return n;
      } catch (error) {
        ignoreDuplicate(error);
        n += 1;
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

  /** A release whose fence is not yet written is being completed; wait for it (or finish it). */
  const fenced = async (release: ReleaseDoc): Promise<ReleaseDoc> => {
    let r: ReleaseDoc | null = release;
    while (r && r.fence === null) {
      if (Date.now() - r.claimed_at > leaseMs) return completeRelease(r);
      await sleep(5);
      r = await m.releases.findById(r._id).lean();
    }
    return r ?? release;
  };

  /** Writes the fence (last session number) and copies the release onto the batch document. */
  const completeRelease = async (r: ReleaseDoc): Promise<ReleaseDoc> => {
    const fence = r.fence ?? (await lastNumber(r.batch_id));
    await m.releases.updateOne({ _id: r._id }, { $set: { fence } });
    await m.batches.updateOne(
      { _id: r.batch_id },
      { $set: { status: 'released', release_id: r._id, released_at: r.released_at, session_counter: fence } },
    );
    return { ...r, fence };
  };

  /** The batch this process places sessions into; re-read when a release is seen. */
  let current: { batchId: string; seq: number } | null = null;
  const collectingBatch = async (): Promise<{ batchId: string; seq: number }> => {
    while (!current) {
      const batch = await newestBatch();
      if (await releaseOf(batch.seq)) {
        await m.batches.create({ seq: batch.seq + 1, created_at: now() }).catch(ignoreDuplicate);
        continue;
      }
      current = { batchId: batch._id.toHexString(), seq: batch.seq };
    }
    return current;
  };

  /**
   * Places a claimed session at the end of the collecting batch. The number is taken with one
   * unique insert (`<batch>:<n>`), so two sessions never share one. Afterwards the batch's release
   * record is checked: a session numbered past the fence of a release that raced it moves on.
   */
  const placeSession = async (sessionId: string, claim: string): Promise<void> => {
    let token = claim;
    for (;;) {
      // The batch is read inside the queue, so a release seen meanwhile redirects waiting sessions.
      const { batchId, seq, number } = await serially(async () => {
        const batch = await collectingBatch();
        return { ...batch, number: await takeNumber(batch.batchId, sessionId) };
      });
      const placed = await m.sessions.updateOne(
        { _id: sessionId, claim: token },
        { $set: { batch_id: batchId, session_number: number, claim: null, claimed_at: null } },
      );
      if (placed.matchedCount === 0) {
        logger.warn('registration outlived its claim lease; another request placed the session', { session_id: sessionId });
        return;
      }
      const raced = await releaseOf(seq);
      if (!raced) return;
      if (current?.seq === seq) current = null;
      const { fence } = await fenced(raced);
      if (fence === null || number <= fence) return;
      token = randomUUID();
      await m.sessions.updateOne(
        { _id: sessionId, batch_id: batchId, session_number: number },
        { $set: { batch_id: placeholder(sessionId), session_number: 0, claim: token, claimed_at: Date.now() } },
      );
    }
  };

  const waitUntilPlaced = async (sessionId: string): Promise<SessionDoc | null> => {
    for (;;) {
      const doc = await m.sessions.findById(sessionId).lean();
      if (!doc || !doc.claim) return doc;
      if (Date.now() - (doc.claimed_at ?? 0) > leaseMs) {
        // The request placing it is gone: take over.
        const token = randomUUID();
        const taken = await m.sessions.updateOne({ _id: sessionId, claim: doc.claim }, { $set: { claim: token, claimed_at: Date.now() } });
        if (taken.modifiedCount === 1) await placeSession(sessionId, token);
        continue;
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
    const { fence } = await fenced(release);
    return { batch_id: batchId, status: 'released', session_counter: fence ?? 0, created_at: batch.created_at, release_id: release._id, released_at: release.released_at };
  };

  const batchById = async (batchId: string): Promise<BatchDoc | null> =>
    /^[0-9a-f]{24}$/i.test(batchId) ? m.batches.findById(batchId).lean() : null;

  return {
    registerSession: (session: Session) =>
      withMongoErrors(async () => {
        const claim = randomUUID();
        try {
          await m.sessions.create({ ...session, _id: session.session_id, batch_id: placeholder(session.session_id), session_number: 0, claim, claimed_at: Date.now(), has_click: false });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const existing = await waitUntilPlaced(session.session_id);
          if (!existing) throw error;
          return { session: toSession(existing), created: false };
        }
        await placeSession(session.session_id, claim);
        const stored = await m.sessions.findById(session.session_id).lean();
        return { session: toSession(stored!), created: true };
      }),

    getSession: (sessionId, { eventsLimit }) =>
      withMongoErrors(async () => {
        const doc = await m.sessions.findById(sessionId).lean();
        if (!doc) return null;
        const [withEvents] = await attachEvents([doc], eventsLimit);
        return withEvents ?? null;
      }),

    appendResults: (sessionId, compute: (now: SearchResultItem[]) => SearchResultItem[]) =>
      withMongoErrors(async () => {
        for (;;) {
          const doc = await m.sessions.findById(sessionId).lean();
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
          if (updated) return toSession(updated);
        }
      }),

    addEvents: (events: SessionEvent[]) =>
      withMongoErrors(async (): Promise<AddEventsResult> => {
        let duplicates = 0;
        try {
          await m.events.insertMany(events, { ordered: false });
        } catch (error) {
          const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
          if (!Array.isArray(writeErrors) || !isDuplicateKeyError(error)) throw error;
          duplicates = writeErrors.length;
        }
        const clicked = [...new Set(events.filter((e) => e.event_type === 'click').map((e) => e.session_id))];
        await Promise.all(clicked.map((id) => m.sessions.updateOne({ _id: id, has_click: false }, { $set: { has_click: true } })));
        return { inserted: events.length - duplicates, duplicates };
      }),

    markIrrelevant: (sessionId) =>
      withMongoErrors(async () => {
        const res = await m.sessions.updateOne({ _id: sessionId }, { $set: { is_irrelevant: true } });
        return res.matchedCount === 1;
      }),

    releaseBatch: (releaseId, nowSeconds) =>
      withMongoErrors(async () => {
        for (;;) {
          const prior = await m.releases.findById(releaseId).lean();
          if (prior) {
            await fenced(prior);
            const batch = await m.batches.findById(prior.batch_id).lean();
            return batch ? batchView(batch) : null;
          }
          const batch = await m.batches.findOne().sort({ seq: -1 }).lean();
          if (!batch || (await releaseOf(batch.seq))) return null;
          const record: ReleaseDoc = { _id: releaseId, seq: batch.seq, batch_id: batch._id.toHexString(), released_at: nowSeconds, fence: null, claimed_at: Date.now() };
          try {
            await m.releases.create(record);
          } catch (error) {
            ignoreDuplicate(error);
            continue; // same release id (→ prior) or this batch was just released (→ nothing to release)
          }
          if (current?.seq === batch.seq) current = null;
          await completeRelease(record);
          return batchView((await m.batches.findById(batch._id).lean()) ?? batch);
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
        const [count, withClicks] = await Promise.all([
          m.sessions.countDocuments({ batch_id: id, ...limit }),
          m.sessions.countDocuments({ batch_id: id, has_click: true, ...limit }),
        ]);
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
