import { Schema, type Connection, type Model } from 'mongoose';

/** Collection names; both are owned by this adapter. */
export const COLLECTIONS = {
  revisions: 'vector_index_alias_revisions',
  heads: 'vector_index_aliases',
} as const;

/**
 * One immutable alias revision: `_id` = `<alias>:<rev>`, so writing it is one unique insert (the
 * compare-and-set). `target: null` records a deletion.
 */
export interface AliasRevisionDoc {
  _id: string;
  alias: string;
  rev: number;
  target: string | null;
  written_at: Date;
}

/**
 * The listing copy of an alias (`_id` = alias): the target collection of revision `rev`. Written after the
 * revision (and created with rev 0 before the first one), so it may lag; readers probe forward.
 */
export interface AliasHeadDoc {
  _id: string;
  rev: number;
  target: string | null;
}

const revisionSchema = new Schema<AliasRevisionDoc>(
  {
    _id: { type: String, required: true },
    alias: { type: String, required: true },
    rev: { type: Number, required: true },
    target: { type: String, default: null },
    written_at: { type: Date, required: true },
  },
  { versionKey: false, collection: COLLECTIONS.revisions },
);

const headSchema = new Schema<AliasHeadDoc>(
  {
    _id: { type: String, required: true },
    rev: { type: Number, required: true },
    target: { type: String, default: null },
  },
  { versionKey: false, collection: COLLECTIONS.heads },
);

export interface AliasModels {
  revisions: Model<AliasRevisionDoc>;
  heads: Model<AliasHeadDoc>;
}

export function aliasModels(connection: Connection): AliasModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return { revisions: get('VectorIndexAliasRevision', revisionSchema), heads: get('VectorIndexAliasHead', headSchema) };
}
