import { setTimeout as sleep } from 'node:timers/promises';
import { Types, type Connection } from 'mongoose';
import type {
  AddEventsResult,
  BatchSummary,
  ClickstreamStore,
  RegisteredSession,
  RegisterResult,
  SearchResultItem,
  Session,
  SessionBatch,
  SessionEvent,
  SessionWithEvents,
} from '@embedding-studio/clickstream-core';
import { ensureCollections, isDuplicateKeyError, withMongoErrors } from '@embedding-studio/mongo';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import { epochSeconds, systemClock, type Clock } from '@embedding-studio/primitives';
import { groupCommit, type Pending } from '@embedding-studio/primitives';
import {
  type BatchDoc,
  type EventDoc,
  type FenceDoc,
  type ReleaseDoc,
  type SessionDoc,
  type StoredSessionDoc,
  type VoidDoc,
  clickstreamModels,
  storedJson,
  eventKey,
  packResults,
  packSession,
  pageKey,
  unpackResults,
  unpackSession,
} from './schemas.js';

export interface MongoClickstreamStoreOptions {
  connection: Connection;
  logger?: Logger;
  /**
   * How long a release, or a session moving out of a released batch, may stay unfinished before
   * another request finishes it (covers a process that died in between). @defaultValue 10000
   */
  claimLeaseMs?: number;
  /** Wall clock for batch timestamps (stored as whole epoch seconds). @defaultValue systemClock */
  clock?: Clock;
  /**
   * Sessions this process keeps for `getSession(…, { cached: true })` (validating posted events),
   * most recently used first. A copy can only lack result pages appended by another process, so
   * it is safe where a missing result triggers a fresh read. 0 turns the cache off. @defaultValue 10000
   */
  sessionCacheSize?: number;
  /**
   * Group commit: how long the first write of a group waits for concurrent ones, ms. Writes that
   * arrive while a group is being written wait for it anyway and form the next group. @defaultValue 2
   */
  groupWindowMs?: number;
  /**
   * Group commit: session groups written at once (each is one `insertMany`), so that the next
   * group is on its way while one is being committed; event groups use at least 4. @defaultValue 2
   */
  groupConcurrency?: number;
  /**
   * How long a release waits between marking its batch and deciding the fence, ms: writes that
   * completed within a quarter of this after a check found no mark are inside the fence, so
   * registrations check for releases at most every `releaseGraceMs / 4`. @defaultValue 1000
   */
  releaseGraceMs?: number;
  /**
   * How long a release waits for registrations that hold numbers below the batch's last one but
   * are not yet written, before it voids those numbers, ms. @defaultValue 500
   */
  releaseSettleMs?: number;
}

/** A session as this adapter reads it: the document plus its appended pages and flag. */
interface Full {
  doc: SessionDoc;
  /** Pages appended after registration. */
  pages: number;
}

/**
 * MongoDB implementation of the ClickstreamStore port. Its only atomic primitive is the unique
 * index: every write on the hot paths is an insert (no updates, which FerretDB neither makes
 * atomic nor runs without scanning), and concurrent requests are written together (group commit:
 * one `insertMany` for the sessions of a group, one for its events). So it runs unchanged on
 * MongoDB 6+ and FerretDB. See docs/adr/0002-batching-with-unique-indexes.md and 0010.
 */
export async function createMongoClickstreamStore(options: MongoClickstreamStoreOptions): Promise<ClickstreamStore> {
  const m = clickstreamModels(options.connection);
  const logger = (options.logger ?? noopLogger).child({ lib: 'clickstream-mongo' });
  const leaseMs = options.claimLeaseMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  const now = (): number => epochSeconds(clock);
  const cacheSize = options.sessionCacheSize ?? 10_000;
  const settleMs = options.releaseSettleMs ?? 500;
  const graceMs = options.releaseGraceMs ?? 1000;
  const group = { windowMs: options.groupWindowMs ?? 2, maxItems: 1000, concurrency: options.groupConcurrency ?? 2 };

  await ensureCollections(m);

  // Every read is a scan on FerretDB's SQLite backend, so the events path reads a session once.
  const cache = new Map<string, Full>();
  const remember = (full: Full): Full => {
    if (cacheSize <= 0) return full;
    cache.delete(full.doc._id);
    cache.set(full.doc._id, full);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return full;
  };
  const ignoreDuplicate = (error: unknown): void => {
    if (!isDuplicateKeyError(error)) throw error;
  };

  /** Inserts what it can (`ordered: false`); returns the indexes refused as duplicates, throws on anything else. */
  const insertLenient = async (collection: { insertMany(docs: never[], o: object): Promise<unknown> }, docs: object[]): Promise<Set<number>> => {
    if (docs.length === 0) return new Set();
    try {
      await collection.insertMany(docs as never[], { ordered: false });
      return new Set();
    } catch (error) {
      const writeErrors = (error as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!Array.isArray(writeErrors) || !isDuplicateKeyError(error)) throw error;
      return new Set(writeErrors.map((w) => w.index));
    }
  };

  const toSession = (d: SessionDoc): RegisteredSession => ({
    session_id: d.session_id,
    search_query: d.search_query,
    created_at: d.created_at,
    search_results: (d.search_results ?? []).map((r) => ({ object_id: r.object_id, rank: r.rank, meta: storedJson(r.meta) })),
    search_meta: storedJson(d.search_meta),
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
    meta: storedJson(d.meta),
  });

  /** Session documents with their appended pages and irrelevance flags (two `$in` reads). */
  const complete = async (stored: StoredSessionDoc[]): Promise<Full[]> => {
    if (stored.length === 0) return [];
    const docs = stored.map(unpackSession);
    const ids = docs.map((d) => d._id);
    const [pages, flags] = await Promise.all([
      m.pages.find({ session_id: { $in: ids } }).lean(),
      m.irrelevant.find({ _id: { $in: ids } }).lean(),
    ]);
    const flagged = new Set(flags.map((f) => f._id));
    const bySession = new Map<string, typeof pages>();
    for (const p of pages) bySession.set(p.session_id, [...(bySession.get(p.session_id) ?? []), p]);
    return docs.map((d) => {
      const mine = (bySession.get(d._id) ?? []).sort((a, b) => a.page - b.page);
      return {
        doc: { ...d, search_results: [...d.search_results, ...mine.flatMap((p) => unpackResults(p))], is_irrelevant: d.is_irrelevant || flagged.has(d._id) },
        pages: mine.length,
      };
    });
  };

  const readFull = async (sessionId: string, cached: boolean): Promise<Full | null> => {
    const hit = cached ? cache.get(sessionId) : undefined;
    if (hit) return hit;
    const doc = await m.sessions.findById(sessionId).lean();
    if (!doc || (doc as { void?: boolean }).void) return null;
    const [full] = await complete([doc]);
    return remember(full!);
  };

  // ---- batches, releases and fences -------------------------------------------------------

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

  /** The highest number any document (session or void) holds in a batch; 0 when empty. */
  const maxNumber = async (batchId: string): Promise<number> => {
    const top = await m.sessions.findOne({ batch_id: batchId }, { session_number: 1 }).sort({ session_number: -1 }).lean();
    return top?.session_number ?? 0;
  };

  /** Numbers 1..last that no document holds. */
  const missingNumbers = async (batchId: string, last: number): Promise<number[]> => {
    const held = new Set((await m.sessions.find({ batch_id: batchId }, { session_number: 1, _id: 0 }).lean()).map((d) => d.session_number));
    const out: number[] = [];
    for (let n = 1; n <= last; n++) if (!held.has(n)) out.push(n);
    return out;
  };

  /**
   * Decides a released batch's fence: marks the batch (so placements from now on check the fence),
   * lets registrations in flight land, voids the numbers below the last one that are still free
   * (a void and a late session race on the unique number: exactly one holds it), then inserts the
   * fence. The first fence insert wins, so every reader agrees. Readers never wait for numbers.
   */
  const completeRelease = async (r: ReleaseDoc): Promise<number> => {
    // When the mark became visible: registrations that saw no mark shortly before are waited for.
    let markedAt: number;
    try {
      await m.fences.create({ _id: markId(r.batch_id), release_id: r._id, released_at: r.released_at, marked_at: Date.now() });
      markedAt = Date.now();
    } catch (error) {
      ignoreDuplicate(error);
      markedAt = (await m.fences.findById(markId(r.batch_id)).lean())?.marked_at ?? 0;
    }
    let fence = (await m.fences.findById(fenceId(r.batch_id)).lean())?.fence;
    if (fence === undefined) {
      await sleep(Math.max(0, graceMs - (Date.now() - markedAt)));
      const last = r.fence ?? (await maxNumber(r.batch_id));
      let missing = await missingNumbers(r.batch_id, last);
      for (const deadline = Date.now() + settleMs; missing.length > 0 && Date.now() < deadline; ) {
        await sleep(25);
        missing = await missingNumbers(r.batch_id, last);
      }
      if (missing.length > 0) {
        const voids: VoidDoc[] = missing.map((n) => ({ _id: new Types.ObjectId(), batch_id: r.batch_id, session_number: n, void: true }));
        await insertLenient(m.sessions.collection, voids);
        logger.warn('release voided session numbers that no session took', { batch_id: r.batch_id, numbers: missing.slice(0, 20), count: missing.length });
      }
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

  /** The fence of a batch, or Infinity while no release has marked it. */
  const fenceOf = async (batchId: string): Promise<number> => {
    const mark = await m.fences.findById(markId(batchId)).lean();
    return mark ? fenceOfMarked(mark) : Number.POSITIVE_INFINITY;
  };

  /** The batch this process places sessions into, and the numbers it expects to be free there. */
  interface Collecting {
    batchId: string;
    seq: number;
    /** Above every number this process has seen taken. */
    next: number;
    /** Numbers below `next` left free by refused duplicates, used first. */
    holes: number[];
  }
  let current: Collecting | null = null;
  // Session groups written at once look the batch up together (one lookup, one `next` counter).
  let lookingUp: Promise<Collecting> | null = null;
  const collectingBatch = (): Promise<Collecting> => {
    if (current) return Promise.resolve(current);
    lookingUp ??= lookUpCollecting().finally(() => (lookingUp = null));
    return lookingUp;
  };
  const lookUpCollecting = async (): Promise<Collecting> => {
    while (!current) {
      const batch = await newestBatch();
      const release = await releaseOf(batch.seq);
      if (release) {
        // Its fence must exist before a newer batch takes sessions (a crashed release is finished here).
        await fenceOfRelease(release);
        await m.batches.create({ seq: batch.seq + 1, created_at: now() }).catch(ignoreDuplicate);
        continue;
      }
      const batchId = batch._id.toHexString();
      current = { batchId, seq: batch.seq, next: (await maxNumber(batchId)) + 1, holes: [] };
    }
    return current;
  };

  // ---- registration (group commit) --------------------------------------------------------

  type Registration = Pending<Session, RegisterResult>;

  /**
   * A session that already exists, once its placement is final. A copy past its batch's fence is
   * being moved to the next batch by the request that wrote it; after the lease this request moves
   * it. Null when the session is not there (moved away mid-read or never written): register it.
   */
  const existingPlaced = async (sessionId: string): Promise<Full | null> => {
    const deadline = Date.now() + leaseMs;
    for (;;) {
      const full = await readFull(sessionId, false);
      if (!full) return null;
      if (full.doc.session_number <= (await fenceOf(full.doc.batch_id))) return full;
      if (Date.now() > deadline) {
        await m.sessions.deleteOne({ _id: sessionId, batch_id: full.doc.batch_id, session_number: full.doc.session_number });
        cache.delete(sessionId);
        return null;
      }
      await sleep(20);
    }
  };

  /** A duplicate: answered from the stored session, or registered again if it vanished. */
  const answerDuplicate = (p: Registration): void => {
    existingPlaced(p.item.session_id).then(
      (full) => (full ? p.resolve({ session: toSession(full.doc), created: false }) : registrations.submit(p.item).then(p.resolve, p.reject)),
      (error: unknown) => p.reject(error),
    );
  };

  /**
   * Writes a group of new sessions with one `insertMany`: `_id` = session_id decides duplicates,
   * the unique `(batch_id, session_number)` decides numbers (consecutive, after the last this
   * process knows). Then one read of the batch's release mark: when a release raced the group,
   * sessions past its fence move to the next batch. Each caller is answered once its session is
   * final.
   */
  const flushRegistrations = async (entries: Registration[]): Promise<void> => {
    let pending: Registration[] = [];
    const first = new Map<string, Registration>();
    for (const p of entries) {
      const id = p.item.session_id;
      const known = cache.get(id);
      if (known) p.resolve({ session: toSession(known.doc), created: false });
      else if (first.has(id)) answerDuplicate(p);
      else {
        first.set(id, p);
        pending.push(p);
      }
    }
    while (pending.length > 0) {
      const batch = await collectingBatch();
      const numbers = batch.holes.splice(0, pending.length);
      while (numbers.length < pending.length) numbers.push(batch.next++);
      const docs: SessionDoc[] = pending.map((p, i) => {
        const { session_id: sessionId, ...rest } = p.item;
        return { ...rest, _id: sessionId, session_id: sessionId, batch_id: batch.batchId, session_number: numbers[i]! };
      });
      const refused = await insertLenient(m.sessions.collection, docs.map(packSession));
      let retry: Registration[] = [];
      if (refused.size > 0) {
        // FerretDB does not say which index refused a document: ids that exist are duplicates
        // (their numbers stay free for the next group), the others lost their number to another process.
        const ids = [...refused].map((i) => docs[i]!._id);
        const existing = new Set((await m.sessions.find({ _id: { $in: ids } }, { _id: 1 }).lean()).map((d) => String(d._id)));
        for (const i of refused) {
          if (existing.has(docs[i]!._id)) {
            answerDuplicate(pending[i]!);
            batch.holes.push(numbers[i]!);
          } else retry.push(pending[i]!);
        }
        if (retry.length > 0) {
          batch.holes = [];
          batch.next = Math.max(batch.next, (await maxNumber(batch.batchId)) + 1);
        }
        batch.holes.sort((a, b) => a - b);
      }
      const placed = pending.flatMap((p, i) => (refused.has(i) ? [] : [{ p, doc: docs[i]! }]));
      // The next group is written while this one is answered.
      void finalize(batch.batchId, placed).catch((error: unknown) => placed.forEach(({ p }) => p.reject(error)));
      pending = retry;
      retry = [];
    }
  };

  /**
   * Answers the sessions of a written group once their placement is final. When a release raced
   * the group, sessions past its fence are not part of the released batch: they are removed and
   * registered again (into the next batch). See {@link releaseStatus} for when this reads.
   */
  const finalize = async (batchId: string, placed: { p: Registration; doc: SessionDoc }[]): Promise<void> => {
    if (placed.length === 0) return;
    const fence = await releaseStatus(batchId);
    if (fence !== Number.POSITIVE_INFINITY && current?.batchId === batchId) current = null;
    for (const { p, doc } of placed) {
      if (doc.session_number <= fence) {
        const full = remember({ doc, pages: 0 });
        p.resolve({ session: toSession(full.doc), created: true });
      } else {
        await m.sessions.deleteOne({ _id: doc._id, batch_id: doc.batch_id });
        registrations.submit(p.item).then(p.resolve, p.reject);
      }
    }
  };

  /**
   * The fence of the batch a group was just written into (Infinity while unreleased), for a write
   * that has completed. A release waits `releaseGraceMs` between marking the batch and deciding
   * its fence, so a write that completed within a quarter of that after a read found no mark is
   * inside any fence decided later: such reads are shared, and most groups read nothing.
   */
  let unmarked: { batchId: string; readAt: number } | null = null;
  const releaseStatus = async (batchId: string): Promise<number> => {
    if (unmarked?.batchId === batchId && Date.now() - unmarked.readAt < graceMs / 4) return Number.POSITIVE_INFINITY;
    const readAt = Date.now();
    const fence = await fenceOf(batchId);
    if (fence === Number.POSITIVE_INFINITY && (!unmarked || unmarked.batchId !== batchId || unmarked.readAt < readAt)) unmarked = { batchId, readAt };
    return fence;
  };

  const registrations = groupCommit(flushRegistrations, group);

  // ---- events (group commit) --------------------------------------------------------------

  /**
   * Writes the events of a group with one `insertMany`; a repeated `(session_id, event_id)` is a
   * duplicate `_id`. Each event carries its session's batch (from this process's copy of the
   * session, which the events were just validated against), so "sessions with clicks" is counted
   * from the events themselves and posting events costs no other write.
   */
  const flushEvents = async (entries: Pending<SessionEvent[], AddEventsResult>[]): Promise<void> => {
    const sessionIds = [...new Set(entries.flatMap((p) => p.item.map((e) => e.session_id)))];
    const batchOf = new Map<string, string>();
    for (const full of await Promise.all(sessionIds.map((id) => readFull(id, true)))) if (full) batchOf.set(full.doc._id, full.doc.batch_id);
    const docs = entries.flatMap((p) => p.item.map((e) => ({ ...e, _id: eventKey(e.session_id, e.event_id), batch_id: batchOf.get(e.session_id) ?? null })));
    const refused = await insertLenient(m.events.collection, docs);
    let offset = 0;
    for (const p of entries) {
      let duplicates = 0;
      for (let i = 0; i < p.item.length; i++) if (refused.has(offset + i)) duplicates += 1;
      offset += p.item.length;
      p.resolve({ inserted: p.item.length - duplicates, duplicates });
    }
  };

  // Event groups are independent of each other (no numbers), so several are written at once.
  const events = groupCommit(flushEvents, { ...group, concurrency: Math.max(group.concurrency, 4) });

  // ---- reads ------------------------------------------------------------------------------

  const attachEvents = async (fulls: Full[], limit: number): Promise<SessionWithEvents[]> => {
    if (fulls.length === 0) return [];
    const byId = new Map<string, SessionEvent[]>(fulls.map((f) => [f.doc.session_id, []]));
    if (limit > 0) {
      const found = await m.events
        .find({ session_id: { $in: [...byId.keys()] } })
        .sort({ session_id: 1, created_at: 1, event_id: 1 })
        .lean();
      for (const e of found) {
        const list = byId.get(e.session_id);
        if (list && list.length < limit) list.push(toEvent(e));
      }
    }
    return fulls.map((f) => ({ ...toSession(f.doc), events: byId.get(f.doc.session_id) ?? [] }));
  };

  const batchView = async (batch: BatchDoc): Promise<SessionBatch> => {
    const release = await releaseOf(batch.seq);
    const batchId = batch._id.toHexString();
    if (!release) {
      return { batch_id: batchId, status: 'collecting', session_counter: await maxNumber(batchId), created_at: batch.created_at, release_id: null, released_at: null };
    }
    const fence = await fenceOfRelease(release);
    return { batch_id: batchId, status: 'released', session_counter: fence, created_at: batch.created_at, release_id: release._id, released_at: release.released_at };
  };

  const batchById = async (batchId: string): Promise<BatchDoc | null> =>
    /^[0-9a-f]{24}$/i.test(batchId) ? m.batches.findById(batchId).lean() : null;

  const notVoid = { void: { $exists: false } };

  return {
    registerSession: (session: Session) => withMongoErrors(() => registrations.submit(session)),

    getSession: (sessionId, { eventsLimit, cached = false }) =>
      withMongoErrors(async () => {
        const full = await readFull(sessionId, cached);
        if (!full) return null;
        const [withEvents] = await attachEvents([full], eventsLimit);
        return withEvents ?? null;
      }),

    appendResults: (sessionId, compute: (now: SearchResultItem[]) => SearchResultItem[]) =>
      withMongoErrors(async () => {
        for (;;) {
          const full = await readFull(sessionId, false);
          if (!full) return null;
          const fresh = compute(toSession(full.doc).search_results);
          if (fresh.length === 0) return toSession(full.doc);
          // Page k + 1 is one insert: of two racing appends one wins, the other re-reads and goes after it.
          const page = full.pages + 1;
          try {
            await m.pages.collection.insertOne({ _id: pageKey(sessionId, page), session_id: sessionId, page, results_json: packResults(fresh) } as never);
          } catch (error) {
            ignoreDuplicate(error);
            continue;
          }
          const after = remember({ doc: { ...full.doc, search_results: [...full.doc.search_results, ...fresh] }, pages: page });
          return toSession(after.doc);
        }
      }),

    addEvents: (list: SessionEvent[]) => withMongoErrors(() => events.submit(list)),

    markIrrelevant: (sessionId) =>
      withMongoErrors(async () => {
        const full = await readFull(sessionId, true);
        if (!full) return false;
        // A marker insert: it cannot be undone by a concurrent append (no read-modify-write of the session).
        await m.irrelevant.collection.insertOne({ _id: sessionId } as never).catch(ignoreDuplicate);
        remember({ ...full, doc: { ...full.doc, is_irrelevant: true } });
        return true;
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
        // Click markers were written by earlier versions; events now carry their batch.
        const [count, clickedEvents, markers] = await Promise.all([
          m.sessions.countDocuments({ batch_id: id, ...limit, ...notVoid }),
          m.events.distinct('session_id', { batch_id: id, event_type: 'click' }),
          m.clicks.distinct('_id', { batch_id: id }),
        ]);
        const withClicks = new Set<string>([...clickedEvents, ...markers].map(String)).size;
        return { ...view, session_count: count, sessions_with_clicks: withClicks, sessions_without_clicks: count - withClicks };
      }),

    readBatchSessions: (batchId, { afterNumber, limit, eventsLimit }) =>
      withMongoErrors(async () => {
        const batch = await batchById(batchId);
        if (!batch) return [];
        const view = await batchView(batch);
        const upTo = view.status === 'released' ? view.session_counter : Number.MAX_SAFE_INTEGER;
        const docs = await m.sessions
          .find({ batch_id: batchId, session_number: { $gt: afterNumber, $lte: upTo }, ...notVoid })
          .sort({ session_number: 1 })
          .limit(limit)
          .lean();
        return attachEvents(await complete(docs), eventsLimit);
      }),
  };
}
