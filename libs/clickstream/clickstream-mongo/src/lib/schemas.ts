import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { SearchResultItem } from '@embedding-studio/clickstream-core';
import type { JsonObject } from '@embedding-studio/primitives';

/**
 * A client's JSON object as a `Schema.Types.Mixed` field holds it. The model's `JsonObject` is
 * recursive, which mongoose's schema typings cannot walk, so documents type it this loosely and
 * the store hands it back as the `JsonObject` it received.
 */
type MixedObject = { [key: string]: unknown };

/** A Mixed field read back: it holds only what a validated `JsonObject` put there. */
export function storedJson(value: MixedObject | null | undefined): JsonObject | null {
  return (value ?? null) as JsonObject | null;
}

/** A shown result as stored (its meta as a Mixed field). */
export type ResultDoc = Omit<SearchResultItem, 'meta'> & { meta: MixedObject | null };

/** Collection names; every one is owned by this adapter. */
export const COLLECTIONS = {
  sessions: 'clickstream_sessions',
  events: 'clickstream_events',
  batches: 'clickstream_batches',
  releases: 'clickstream_releases',
  fences: 'clickstream_fences',
  clicks: 'clickstream_clicks',
  pages: 'clickstream_pages',
  irrelevant: 'clickstream_irrelevant',
} as const;

/**
 * A session as the store works with it (its results unpacked). Stored as {@link StoredSessionDoc}.
 * A placed session is written once, with its final batch and number, by one insert that is both the
 * duplicate check (`_id`) and the number's claim (`(batch_id, session_number)` unique). FerretDB
 * scans a collection on every modifying update, so nothing updates it: appended pages and the
 * irrelevance flag are documents of their own.
 */
export interface SessionDoc {
  /** = session_id: lookups by `_id` are the fastest path on every MongoDB-protocol server. */
  _id: string;
  session_id: string;
  search_query: string;
  created_at: number;
  search_results: ResultDoc[];
  search_meta: MixedObject | null;
  user_id: string | null;
  is_irrelevant: boolean;
  batch_id: string;
  session_number: number;
}

/**
 * A session document as stored: its shown results packed into one JSON string (`results_json`).
 * FerretDB converts every field of every nested document on each insert; one string instead of
 * an array of result documents halves its CPU per session. Documents written by earlier versions
 * hold `search_results` as an array instead, and are read as they are.
 */
export type StoredSessionDoc = Omit<SessionDoc, 'search_results'> & { results_json?: string; search_results?: ResultDoc[] };

/** Results packed for storage: JSON keeps every string as received (lone surrogates are escaped, `__proto__` stays a key). */
export function packResults(results: readonly ResultDoc[]): string {
  return JSON.stringify(results);
}

/** Results of a stored session or page, packed (`results_json`) or, from earlier versions, an array. */
export function unpackResults(doc: { results_json?: string; search_results?: ResultDoc[]; results?: ResultDoc[] }): ResultDoc[] {
  if (typeof doc.results_json === 'string') return JSON.parse(doc.results_json) as ResultDoc[];
  return doc.search_results ?? doc.results ?? [];
}

export function packSession(doc: SessionDoc): StoredSessionDoc {
  const { search_results: results, ...rest } = doc;
  return { ...rest, results_json: packResults(results) };
}

export function unpackSession(stored: StoredSessionDoc): SessionDoc {
  const { results_json: _packed, search_results: _legacy, ...rest } = stored;
  return { ...rest, search_results: unpackResults(stored) };
}

/**
 * A number of a released batch that no session holds (its registration failed or lost the number
 * to the release): inserted by the release so that no later insert can take it. `_id` is an
 * ObjectId, so it never equals a session id.
 */
export interface VoidDoc {
  _id: Types.ObjectId;
  batch_id: string;
  session_number: number;
  void: true;
}

export interface EventDoc {
  /** {@link eventKey}(session_id, event_id): a repeated event is a duplicate `_id`. */
  _id: string;
  session_id: string;
  event_id: string;
  object_id: string;
  event_type: string;
  created_at: number;
  meta: MixedObject | null;
  /** The session's batch (absent on events written by earlier versions). */
  batch_id?: string | null;
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

const result = new Schema<ResultDoc>(
  { object_id: { type: String, required: true }, rank: { type: Number, required: true }, meta: { type: Schema.Types.Mixed, default: null } },
  { _id: false, minimize: false },
);

const sessionSchema = new Schema<StoredSessionDoc>(
  {
    _id: { type: String, required: true },
    session_id: { type: String, required: true },
    search_query: { type: String, required: true },
    created_at: { type: Number, required: true },
    // Earlier versions stored the results as an array; a document holds one of the two.
    search_results: { type: [result], default: undefined },
    results_json: { type: String },
    search_meta: { type: Schema.Types.Mixed, default: null },
    user_id: { type: String, default: null },
    is_irrelevant: { type: Boolean, default: false },
    batch_id: { type: String, required: true },
    session_number: { type: Number, required: true },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.sessions },
);
// Unique: a number is taken once per batch (the slot already guarantees it; this is the safety net).
sessionSchema.index({ batch_id: 1, session_number: 1 }, { unique: true, name: 'batch_number_unique' });

const eventSchema = new Schema<EventDoc>(
  {
    _id: { type: String, required: true },
    session_id: { type: String, required: true },
    event_id: { type: String, required: true },
    object_id: { type: String, required: true },
    event_type: { type: String, required: true },
    created_at: { type: Number, required: true },
    meta: { type: Schema.Types.Mixed, default: null },
    batch_id: { type: String, default: null },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.events },
);
eventSchema.index({ session_id: 1, created_at: 1 }, { name: 'session_time' });
// Sessions with clicks per batch (a covered `distinct` on MongoDB).
eventSchema.index({ batch_id: 1, event_type: 1, session_id: 1 }, { name: 'batch_clicks' });

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

/** `_id` of an event: unambiguous for any ids (the session id's length comes first). */
export function eventKey(sessionId: string, eventId: string): string {
  return `${sessionId.length}:${sessionId}:${eventId}`;
}

/**
 * Release bookkeeping addressable by `_id`. `mark:<batch_id>` is written before any fence is
 * computed (a placement that does not see it is inside the fence); `fence:<batch_id>` holds the
 * batch's last session number, decided by its first insert.
 */
export interface FenceDoc {
  _id: string;
  release_id: string;
  released_at: number;
  /** Epoch ms when the mark was written (a fence missing long after is computed by whoever waits). */
  marked_at?: number;
  fence?: number;
}

const fenceSchema = new Schema<FenceDoc>(
  {
    _id: { type: String, required: true },
    release_id: { type: String, required: true },
    released_at: { type: Number, required: true },
    marked_at: { type: Number },
    fence: { type: Number },
  },
  { versionKey: false, collection: COLLECTIONS.fences },
);

/** A session that has at least one click: `_id` = session_id. Written by earlier versions; read for their batches. */
export interface ClickDoc {
  _id: string;
  batch_id: string;
}

const clickSchema = new Schema<ClickDoc>(
  { _id: { type: String, required: true }, batch_id: { type: String, required: true } },
  { versionKey: false, collection: COLLECTIONS.clicks },
);

/** A page of results appended after registration: `_id` = {@link pageKey}(session_id, page), so two racing appends cannot both take page k. */
export interface PageDoc {
  _id: string;
  session_id: string;
  /** 1, 2, 3…: the order in which pages were appended. */
  page: number;
  /** The page's results, packed like a session's (see {@link StoredSessionDoc}). */
  results_json?: string;
  /** Pages of earlier versions: the results as an array. */
  results?: SearchResultItem[];
}

const pageSchema = new Schema<PageDoc>(
  { _id: { type: String, required: true }, session_id: { type: String, required: true }, page: { type: Number, required: true }, results_json: { type: String }, results: { type: [result], default: undefined } },
  { versionKey: false, minimize: false, collection: COLLECTIONS.pages },
);
pageSchema.index({ session_id: 1 }, { name: 'session' });

/** `_id` of a page, unambiguous for any session id. */
export function pageKey(sessionId: string, page: number): string {
  return `${sessionId.length}:${sessionId}:${page}`;
}

/** A session marked irrelevant after registration: `_id` = session_id, inserted once. */
export interface IrrelevantDoc {
  _id: string;
}

const irrelevantSchema = new Schema<IrrelevantDoc>({ _id: { type: String, required: true } }, { versionKey: false, collection: COLLECTIONS.irrelevant });

export interface ClickstreamModels {
  sessions: Model<StoredSessionDoc>;
  events: Model<EventDoc>;
  batches: Model<BatchDoc>;
  releases: Model<ReleaseDoc>;
  fences: Model<FenceDoc>;
  clicks: Model<ClickDoc>;
  pages: Model<PageDoc>;
  irrelevant: Model<IrrelevantDoc>;
}

export function clickstreamModels(connection: Connection): ClickstreamModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    sessions: get('ClickstreamSession', sessionSchema),
    events: get('ClickstreamEvent', eventSchema),
    batches: get('ClickstreamBatch', batchSchema),
    releases: get('ClickstreamRelease', releaseSchema),
    fences: get('ClickstreamFence', fenceSchema),
    clicks: get('ClickstreamClick', clickSchema),
    pages: get('ClickstreamPage', pageSchema),
    irrelevant: get('ClickstreamIrrelevant', irrelevantSchema),
  };
}
