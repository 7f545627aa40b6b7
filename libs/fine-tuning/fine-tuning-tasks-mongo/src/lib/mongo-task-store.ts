import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { TaskDuplicateIdError, type FineTuningTask, type TaskRecord, type TaskStore } from '@embedding-studio/fine-tuning-tasks';
import { ensureCollections, isDuplicateKeyError, newestRevision, withMongoErrors } from '@embedding-studio/mongo';
import { noopLogger, type Logger } from '@embedding-studio/observability';
import { decodeTask, encodeTask, type TaskDoc } from './codec.js';
import { type ProjectionDoc, type RevisionDoc, taskModels } from './schemas.js';
import { systemClock, type Clock } from '@embedding-studio/primitives';

export interface MongoTaskStoreOptions {
  connection: Connection;
  logger?: Logger;
  /**
   * A write whose projection update has not been confirmed after this long is taken as
   * abandoned (its process died); `list` and `listActive` then repair that task's projection.
   * @defaultValue 30000
   */
  repairAfterMs?: number;
  /** Wall clock (epoch ms). @defaultValue systemClock */
  clock?: Clock;
}

/** The newest known revision of a task (from a revision or from the projection). */
interface Known {
  taskId: string;
  rev: number;
  task: TaskDoc;
}

const ACTIVE = ['pending', 'processing'] as const;
/** Projection write attempts before leaving the repair to readers. */
const MAX_SYNC_ROUNDS = 20;

/**
 * MongoDB implementation of the TaskStore port. Its only atomic primitive is the unique `_id`:
 * every change inserts revision `<task id>:<n + 1>`, and the duplicate-key error tells the losers
 * of a race to read again. No transactions, no conditional updates relied on for correctness, so
 * it runs unchanged on MongoDB 6+ and on FerretDB, whose SQLite backend does not make
 * read-modify-write updates of one document atomic. See
 * docs/adr/0004-task-state-on-unique-keys.md.
 */
export async function createMongoTaskStore(options: MongoTaskStoreOptions): Promise<TaskStore> {
  const m = taskModels(options.connection);
  const logger = (options.logger ?? noopLogger).child({ lib: 'fine-tuning-tasks-mongo' });
  const repairAfterMs = options.repairAfterMs ?? 30_000;
  const clock = options.clock ?? systemClock;

  await ensureCollections(m);

  const revisionId = (taskId: string, rev: number): string => `${taskId}:${rev}`;

  const readRevision = async (taskId: string, rev: number): Promise<Known | null> => {
    const doc = await m.revisions.findById(revisionId(taskId, rev)).lean<RevisionDoc>();
    return doc ? { taskId, rev: doc.rev, task: doc.task } : null;
  };

  /** From a revision known to exist, the newest one: `_id` lookups forward until one is missing. */
  const newestFrom = (known: Known): Promise<Known> => newestRevision(known, (k) => readRevision(k.taskId, k.rev + 1));

  const projectionOf = (k: Known): Omit<ProjectionDoc, '_id'> => ({ rev: k.rev, status: k.task.status, created_at: k.task.created_at, task: k.task });

  /**
   * Makes the projection show the newest revision (at least `known`). Projection writes may be
   * lost or reordered on servers without atomic updates, so it writes, reads back, and repeats
   * until what it reads is at least as new as the newest revision it can find. A writer whose
   * older snapshot lands last finds the newer revision on its own check and writes that.
   */
  const syncProjection = async (known: Known): Promise<Known> => {
    let newest = known;
    for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
      newest = await newestFrom(newest);
      const shown = await m.tasks.findById(newest.taskId, { rev: 1 }).lean<Pick<ProjectionDoc, '_id' | 'rev'>>();
      if (shown && shown.rev >= newest.rev) return newest;
      if (!shown) {
        try {
          await m.tasks.create({ _id: newest.taskId, ...projectionOf(newest) });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
      } else {
        await m.tasks.updateOne({ _id: newest.taskId, rev: { $lt: newest.rev } }, { $set: projectionOf(newest) });
      }
    }
    throw new Error(`projection of task ${known.taskId} did not settle after ${MAX_SYNC_ROUNDS} rounds`);
  };

  /** Inserts revision `rev` of a task, bracketed by a sync record. Null when the revision exists. */
  const writeRevision = async (task: TaskDoc, rev: number): Promise<Known | null> => {
    const syncId = `${revisionId(task.id, rev)}:${randomUUID()}`;
    await m.syncs.create({ _id: syncId, task_id: task.id, rev, created_at: new Date(clock.now()) });
    try {
      await m.revisions.create({ _id: revisionId(task.id, rev), task_id: task.id, rev, task, written_at: new Date(clock.now()) });
    } catch (error) {
      await m.syncs.deleteOne({ _id: syncId }).catch(() => undefined);
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    const written: Known = { taskId: task.id, rev, task };
    // The revision is committed; the projection is a copy. If updating it fails, the sync
    // record stays behind and the next list repairs it.
    try {
      await syncProjection(written);
      await m.syncs.deleteOne({ _id: syncId });
    } catch (error) {
      logger.warn('task revision committed but its listing copy is not updated yet; the next list repairs it', {
        task_id: task.id,
        rev,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return written;
  };

  const toRecord = (k: Known): TaskRecord => ({ task: decodeTask(k.task), revision: k.rev });

  const newest = async (taskId: string): Promise<Known | null> => {
    const shown = await m.tasks.findById(taskId).lean<ProjectionDoc>();
    const start = shown ? { taskId, rev: shown.rev, task: shown.task } : await readRevision(taskId, 1);
    if (!start) return null;
    const found = await newestFrom(start);
    if (!shown || found.rev > shown.rev) {
      await syncProjection(found).catch((error: unknown) => {
        logger.warn('could not repair the listing copy of a task', { task_id: taskId, error: error instanceof Error ? error.message : String(error) });
      });
    }
    return found;
  };

  /** Repairs the projections of writes that never confirmed them (their process died). */
  const repairAbandoned = async (): Promise<void> => {
    const stale = await m.syncs.find({ created_at: { $lte: new Date(clock.now() - repairAfterMs) } }).lean();
    for (const s of stale) {
      await newest(s.task_id);
      await m.syncs.deleteOne({ _id: s._id });
    }
  };

  return {
    insert: (task) =>
      withMongoErrors(async () => {
        const doc = encodeTask(task);
        const key = task.idempotency_key;
        if (key !== undefined) {
          try {
            await m.keys.create({ _id: key, task_id: task.id, task: doc, created_at: new Date(clock.now()) });
          } catch (error) {
            if (!isDuplicateKeyError(error)) throw error;
            const taken = await m.keys.findById(key).lean();
            if (!taken) throw error;
            const existing = await newest(taken.task_id);
            if (existing) return { record: toRecord(existing), created: false };
            // The create that took the key has not stored its task yet, or died before it did:
            // store it from the key record (the same snapshot it would write).
            await writeRevision(taken.task, 1);
            const rolled = await newest(taken.task_id);
            return { record: toRecord(rolled ?? { taskId: taken.task_id, rev: 1, task: taken.task }), created: false };
          }
        }
        const written = await writeRevision(doc, 1);
        if (written) return { record: toRecord(written), created: true };
        if (key === undefined) throw new TaskDuplicateIdError(task.id);
        // Another request rolled this create forward from the key record first.
        const current = await newest(task.id);
        return { record: toRecord(current ?? { taskId: task.id, rev: 1, task: doc }), created: true };
      }),

    get: (id) =>
      withMongoErrors(async () => {
        const found = await newest(id);
        return found ? toRecord(found) : null;
      }),

    commit: (next, revision) =>
      withMongoErrors(async () => {
        const written = await writeRevision(encodeTask(next), revision + 1);
        return written ? toRecord(written) : null;
      }),

    list: ({ status, skip, limit }) =>
      withMongoErrors(async () => {
        await repairAbandoned();
        const docs = await m.tasks
          .find(status === undefined ? {} : { status })
          .sort({ created_at: -1, _id: -1 })
          .skip(skip)
          .limit(limit)
          .lean<ProjectionDoc[]>();
        return docs.map((d) => decodeTask(d.task));
      }),

    listActive: () =>
      withMongoErrors(async () => {
        await repairAbandoned();
        const docs = await m.tasks.find({ status: { $in: [...ACTIVE] } }).lean<ProjectionDoc[]>();
        const out: FineTuningTask[] = [];
        for (const d of docs) {
          const found = await newestFrom({ taskId: d._id, rev: d.rev, task: d.task });
          if ((ACTIVE as readonly string[]).includes(found.task.status)) out.push(decodeTask(found.task));
        }
        return out;
      }),
  };
}
