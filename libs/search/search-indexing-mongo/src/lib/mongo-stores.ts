import type { Connection } from 'mongoose';
import type { Collection, Db } from 'mongodb';
import { IndexingDuplicateIdError, type BuildRecord, type BuildRegistry, type IndexingJob, type JobRecord, type JobStore, type ProgressStore, type UnitProgress } from '@embedding-studio/search-indexing';
import { isDuplicateKeyError, newestRevision, withMongoErrors } from '@embedding-studio/mongo';

/** Collection names; every one is owned by this adapter. */
export const INDEXING_COLLECTIONS = {
  revisions: 'indexing_job_revisions',
  jobs: 'indexing_jobs',
  units: 'indexing_job_units',
  builds: 'indexing_builds',
} as const;

/** One immutable revision of a job: `_id` = `<job id>:<revision>`, so writing it is one unique insert. */
interface RevisionDoc {
  _id: string;
  job_id: string;
  rev: number;
  job: IndexingJob;
  written_at: Date;
}

/** The listing copy of a job (`_id` = job id), written after its revision; readers probe for newer ones. */
interface HeadDoc {
  _id: string;
  rev: number;
  status: IndexingJob['status'];
  job: IndexingJob;
}

interface UnitDoc {
  _id: string;
  job_id: string;
  index: number;
  progress: UnitProgress;
}

const ACTIVE: ReadonlyArray<IndexingJob['status']> = ['pending', 'running'];
const MAX_SYNC_ROUNDS = 20;

/** Drops `undefined` values (the driver would store them as null), keeping Dates. */
function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
  return out as T;
}

function dbOf(connection: Connection): Db {
  const db = connection.db;
  if (!db) throw new Error('The MongoDB connection has no database handle; open it with createMongoConnection() first.');
  return db as unknown as Db;
}

async function ensure(db: Db, names: readonly string[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of names) if (!existing.has(name)) await db.createCollection(name).catch(() => undefined);
}

export interface MongoIndexingStoresOptions {
  connection: Connection;
}

/**
 * Indexing jobs and their progress on MongoDB or FerretDB. Job changes are revision inserts
 * decided by the unique `_id` (docs/adr/0004), so no atomic read-modify-write is needed; the
 * listing copy in `indexing_jobs` may lag and is brought forward by whoever reads it. Unit
 * progress is one document per unit, replaced whole by the worker holding the job.
 */
export async function createMongoIndexingStores(options: MongoIndexingStoresOptions): Promise<{ jobs: JobStore; progress: ProgressStore; builds: BuildRegistry }> {
  const db = dbOf(options.connection);
  await withMongoErrors(() => ensure(db, Object.values(INDEXING_COLLECTIONS)));
  const revisions: Collection<RevisionDoc> = db.collection(INDEXING_COLLECTIONS.revisions);
  const heads: Collection<HeadDoc> = db.collection(INDEXING_COLLECTIONS.jobs);
  const units: Collection<UnitDoc> = db.collection(INDEXING_COLLECTIONS.units);

  const readRevision = async (id: string, rev: number): Promise<JobRecord | null> => {
    const doc = await revisions.findOne({ _id: `${id}:${rev}` });
    return doc ? { job: doc.job, revision: doc.rev } : null;
  };
  const newestFrom = (known: JobRecord): Promise<JobRecord> => newestRevision(known, (k) => readRevision(k.job.id, k.revision + 1));
  const syncHead = async (known: JobRecord): Promise<JobRecord> => {
    let newest = known;
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      newest = await newestFrom(newest);
      const id = newest.job.id;
      const shown = await heads.findOne({ _id: id }, { projection: { rev: 1 } });
      if (shown && shown.rev >= newest.revision) return newest;
      const doc: HeadDoc = { _id: id, rev: newest.revision, status: newest.job.status, job: newest.job };
      if (!shown) {
        try {
          await heads.insertOne(doc);
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      } else await heads.replaceOne({ _id: id, rev: { $lt: newest.revision } }, doc);
    }
    return newest;
  };
  const write = async (job: IndexingJob, rev: number): Promise<JobRecord | null> => {
    const stored = clean(job);
    try {
      await revisions.insertOne({ _id: `${job.id}:${rev}`, job_id: job.id, rev, job: stored, written_at: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    // The revision is committed; the head is a copy that readers also bring forward.
    await syncHead({ job: stored, revision: rev }).catch(() => undefined);
    return { job: stored, revision: rev };
  };
  const newest = async (id: string): Promise<JobRecord | null> => {
    const head = await heads.findOne({ _id: id });
    const start = head ? { job: head.job, revision: head.rev } : await readRevision(id, 1);
    return start ? newestFrom(start) : null;
  };

  const jobs: JobStore = {
    insert: (job) =>
      withMongoErrors(async () => {
        const written = await write(job, 1);
        if (!written) throw new IndexingDuplicateIdError(job.id);
        return written;
      }),
    get: (id) => withMongoErrors(() => newest(id)),
    commit: (next, revision) => withMongoErrors(() => write(next, revision + 1)),
    listActive: () =>
      withMongoErrors(async () => {
        const shown = await heads.find({ status: { $in: [...ACTIVE] } }).toArray();
        const out: IndexingJob[] = [];
        for (const h of shown) {
          const found = await newestFrom({ job: h.job, revision: h.rev });
          if (found.revision > h.rev) await syncHead(found).catch(() => undefined);
          if (ACTIVE.includes(found.job.status)) out.push(found.job);
        }
        return out;
      }),
  };

  const progress: ProgressStore = {
    put: (p) =>
      withMongoErrors(async () => {
        await units.replaceOne({ _id: `${p.job_id}:${p.index}` }, { job_id: p.job_id, index: p.index, progress: clean(p) }, { upsert: true });
      }),
    list: (jobId) =>
      withMongoErrors(async () => {
        const docs = await units.find({ job_id: jobId }).toArray();
        return docs.sort((a, b) => a.index - b.index).map((d) => d.progress);
      }),
  };
  // One build per collection (`_id` = collection), written only by the job that holds it.
  const buildDocs: Collection<BuildRecord & { _id: string }> = db.collection(INDEXING_COLLECTIONS.builds);
  const builds: BuildRegistry = {
    put: (b) =>
      withMongoErrors(async () => {
        await buildDocs.replaceOne({ _id: b.collection }, clean(b), { upsert: true });
      }),
    clear: (collection, jobId) =>
      withMongoErrors(async () => {
        await buildDocs.deleteOne({ _id: collection, job_id: jobId });
      }),
    list: () =>
      withMongoErrors(async () => (await buildDocs.find({}).toArray()).map(({ _id, ...b }) => b)),
  };
  return { jobs, progress, builds };
}
