import { Schema, type Connection, type Model } from 'mongoose';
import type { TaskStatus } from '@embedding-studio/fine-tuning-tasks';
import type { TaskDoc } from './codec.js';

/** Collection names; every one is owned by this adapter. */
export const COLLECTIONS = {
  revisions: 'fine_tuning_task_revisions',
  tasks: 'fine_tuning_tasks',
  keys: 'fine_tuning_task_keys',
  syncs: 'fine_tuning_task_syncs',
} as const;

/** One immutable revision of a task: `_id` = `<task id>:<revision>`, so writing it is one unique insert. */
export interface RevisionDoc {
  _id: string;
  task_id: string;
  rev: number;
  task: TaskDoc;
  written_at: Date;
}

/**
 * The listing copy of a task (`_id` = task id): the snapshot of revision `rev`, with the fields
 * lists filter and sort on lifted to the top. Written after the revision, so it may lag behind;
 * readers by id start from it and look for newer revisions.
 */
export interface ProjectionDoc {
  _id: string;
  rev: number;
  status: TaskStatus;
  created_at: Date;
  task: TaskDoc;
}

/** An idempotency key (`_id`), taken by the first create that uses it, with that create's task. */
export interface KeyDoc {
  _id: string;
  task_id: string;
  task: TaskDoc;
  created_at: Date;
}

/**
 * A write in flight: inserted before a revision, deleted once the projection shows it. One left
 * behind (a process died between the two writes) tells readers which projection to repair.
 * `_id` = `<task id>:<revision>:<random>`.
 */
export interface SyncDoc {
  _id: string;
  task_id: string;
  rev: number;
  created_at: Date;
}

const revisionSchema = new Schema<RevisionDoc>(
  {
    _id: { type: String, required: true },
    task_id: { type: String, required: true },
    rev: { type: Number, required: true },
    task: { type: Schema.Types.Mixed, required: true },
    written_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.revisions },
);

const projectionSchema = new Schema<ProjectionDoc>(
  {
    _id: { type: String, required: true },
    rev: { type: Number, required: true },
    status: { type: String, required: true },
    created_at: { type: Date, required: true },
    task: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.tasks },
);
projectionSchema.index({ created_at: -1, _id: -1 }, { name: 'newest_first' });
projectionSchema.index({ status: 1, created_at: -1, _id: -1 }, { name: 'status_newest_first' });

const keySchema = new Schema<KeyDoc>(
  {
    _id: { type: String, required: true },
    task_id: { type: String, required: true },
    task: { type: Schema.Types.Mixed, required: true },
    created_at: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.keys },
);

const syncSchema = new Schema<SyncDoc>(
  {
    _id: { type: String, required: true },
    task_id: { type: String, required: true },
    rev: { type: Number, required: true },
    created_at: { type: Date, required: true },
  },
  { versionKey: false, collection: COLLECTIONS.syncs },
);

export interface TaskModels {
  revisions: Model<RevisionDoc>;
  tasks: Model<ProjectionDoc>;
  keys: Model<KeyDoc>;
  syncs: Model<SyncDoc>;
}

export function taskModels(connection: Connection): TaskModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    revisions: get('FineTuningTaskRevision', revisionSchema),
    tasks: get('FineTuningTask', projectionSchema),
    keys: get('FineTuningTaskKey', keySchema),
    syncs: get('FineTuningTaskSync', syncSchema),
  };
}
