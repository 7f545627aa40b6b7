import { Schema, type Connection, type Model } from 'mongoose';

/** Collections this adapter owns. */
export const QUALITY_COLLECTIONS = {
  rollups: 'search_quality_rollups',
  dirty: 'search_quality_dirty',
  leases: 'search_quality_leases',
} as const;

/** One collection × version × hour; `_id` = `rollupId(collection, version, hour)`, replaced whole by each fold of the hour. */
export interface RollupDoc {
  _id: string;
  collection: string;
  version: number | null;
  hour: number;
  /** `QualityCounts` (JSON). */
  counts: Record<string, unknown>;
  folded_at: number;
}

/** A dirty hour: `_id` = `<collection>:<hour>`; inserting an existing mark is a duplicate key, i.e. already dirty. */
export interface DirtyDoc {
  _id: string;
  collection: string;
  hour: number;
}

/** The fold lease: one document, `_id` = the lease name; taken by insert, released by delete. */
export interface LeaseDoc {
  _id: string;
  owner: string;
  /** Epoch ms. */
  expires_at: number;
}

const rollupSchema = new Schema<RollupDoc>(
  {
    _id: { type: String, required: true },
    collection: { type: String, required: true },
    version: { type: Number, default: null },
    hour: { type: Number, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    folded_at: { type: Number, required: true },
  },
  { collection: QUALITY_COLLECTIONS.rollups, versionKey: false, minimize: false, suppressReservedKeysWarning: true },
);
// Range reads on MongoDB; FerretDB 1.24 scans the (small) rollup collection either way (docs/adr/0002).
rollupSchema.index({ collection: 1, hour: 1 }, { name: 'collection_hour' });

const dirtySchema = new Schema<DirtyDoc>(
  { _id: { type: String, required: true }, collection: { type: String, required: true }, hour: { type: Number, required: true } },
  { collection: QUALITY_COLLECTIONS.dirty, versionKey: false, suppressReservedKeysWarning: true },
);

const leaseSchema = new Schema<LeaseDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, expires_at: { type: Number, required: true } },
  { collection: QUALITY_COLLECTIONS.leases, versionKey: false },
);

export interface QualityModels {
  rollups: Model<RollupDoc>;
  dirty: Model<DirtyDoc>;
  leases: Model<LeaseDoc>;
}

export function qualityModels(connection: Connection): QualityModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    rollups: get('SearchQualityRollup', rollupSchema),
    dirty: get('SearchQualityDirty', dirtySchema),
    leases: get('SearchQualityLease', leaseSchema),
  };
}
