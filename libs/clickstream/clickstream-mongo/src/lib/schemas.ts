import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { JsonObject, SearchResultItem } from '@embedding-studio/clickstream-core';

/** Collection names; every one is owned by this adapter. */
export const COLLECTIONS = {
  sessions: 'clickstream_sessions',
  events: 'clickstream_events',
  batches: 'clickstream_batches',
  releases: 'clickstream_releases',
  slots: 'clickstream_slots',
} as const;

export interface SessionDoc {
  /** = session_id: lookups by `_id` are the fastest path on every MongoDB-protocol server. */
  _id: string;
  session_id: string;
  search_query: string;
  created_at: number;
  search_results: SearchResultItem[];
  search_meta: JsonObject | null;
  user_id: string | null;
  is_irrelevant: boolean;
  /** `pending:<session_id>` while the session is being placed in a batch. */
  batch_id: string;
  /** 0 while the session is being placed in a batch. */
  session_number: number;
  /** Token of the request placing the session, and when it started (epoch ms); unset once placed. */
  claim?: string | null;
  claimed_at?: number | null;
  has_click: boolean;
}

export interface EventDoc {
  session_id: string;
  event_id: string;
  object_id: string;
  event_type: string;
  created_at: number;
  meta: JsonObject | null;
}

export interface BatchDoc {
  _id: Types.ObjectId;
  /** 1, 2, 3…: the batch's position in the sequence; unique. The newest batch collects until released. */
  seq: number;
  created_at: number;
  /** Copied from the release record once released (the release record is the source of truth). */
  status: 'collecting' | 'released';
  release_id: string | null;
  released_at: number | null;
  session_counter: number | null;
}

export interface ReleaseDoc {
  /** The release id: unique by construction. */
  _id: string;
  /** The released batch's sequence number; unique, so a batch is released once. */
  seq: number;
  batch_id: string;
  released_at: number;
  /** The last session number in the batch; null while the release is being completed. */
  fence: number | null;
  claimed_at: number;
}

const result = new Schema<SearchResultItem>(
  { object_id: { type: String, required: true }, rank: { type: Number, required: true }, meta: { type: Schema.Types.Mixed, default: null } },
  { _id: false, minimize: false },
);

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    session_id: { type: String, required: true },
    search_query: { type: String, required: true },
    created_at: { type: Number, required: true },
    search_results: { type: [result], default: [] },
    search_meta: { type: Schema.Types.Mixed, default: null },
    user_id: { type: String, default: null },
    is_irrelevant: { type: Boolean, default: false },
    batch_id: { type: String, required: true },
    session_number: { type: Number, required: true },
    claim: { type: String, default: null },
    claimed_at: { type: Number, default: null },
    has_click: { type: Boolean, default: false },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.sessions },
);
// Unique: a number is taken once per batch. Unplaced sessions hold a per-session placeholder.
sessionSchema.index({ batch_id: 1, session_number: 1 }, { unique: true, name: 'batch_number_unique' });
sessionSchema.index({ batch_id: 1, has_click: 1 }, { name: 'batch_clicks' });

const eventSchema = new Schema<EventDoc>(
  {
    session_id: { type: String, required: true },
    event_id: { type: String, required: true },
    object_id: { type: String, required: true },
    event_type: { type: String, required: true },
    created_at: { type: Number, required: true },
    meta: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.events },
);
eventSchema.index({ session_id: 1, event_id: 1 }, { unique: true, name: 'session_event_unique' });
eventSchema.index({ session_id: 1, created_at: 1 }, { name: 'session_time' });

const batchSchema = new Schema<BatchDoc>(
  {
    seq: { type: Number, required: true },
    created_at: { type: Number, required: true },
    status: { type: String, required: true, enum: ['collecting', 'released'], default: 'collecting' },
    release_id: { type: String, default: null },
    released_at: { type: Number, default: null },
    session_counter: { type: Number, default: null },
  },
  { versionKey: false, collection: COLLECTIONS.batches },
);
batchSchema.index({ seq: 1 }, { unique: true, name: 'seq_unique' });

const releaseSchema = new Schema<ReleaseDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    batch_id: { type: String, required: true },
    released_at: { type: Number, required: true },
    fence: { type: Number, default: null },
    claimed_at: { type: Number, required: true },
  },
  { versionKey: false, collection: COLLECTIONS.releases },
);
releaseSchema.index({ seq: 1 }, { unique: true, name: 'seq_unique' });

/** One taken session number: `_id` = `<batch_id>:<number>`, so taking a number is one unique insert. */
export interface SlotDoc {
  _id: string;
  session_id: string;
}

const slotSchema = new Schema<SlotDoc>(
  { _id: { type: String, required: true }, session_id: { type: String, required: true } },
  { versionKey: false, collection: COLLECTIONS.slots },
);

export interface ClickstreamModels {
  sessions: Model<SessionDoc>;
  events: Model<EventDoc>;
  batches: Model<BatchDoc>;
  releases: Model<ReleaseDoc>;
  slots: Model<SlotDoc>;
}

export function clickstreamModels(connection: Connection): ClickstreamModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    sessions: get('ClickstreamSession', sessionSchema),
    events: get('ClickstreamEvent', eventSchema),
    batches: get('ClickstreamBatch', batchSchema),
    releases: get('ClickstreamRelease', releaseSchema),
    slots: get('ClickstreamSlot', slotSchema),
  };
}
