import { Schema, type Connection, type Model } from 'mongoose';

/** Collections this adapter owns. */
export const QUALITY_COLLECTIONS = {
  rollups: 'search_quality_rollups',
  log: 'search_quality_log',
  hours: 'search_quality_hours',
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

/** A logged session write, until the fold merged it: `_id` sorts by time (`<epoch ms base36>-<random>`). */
export interface LogDoc {
  _id: string;
  /** `SessionSnapshot` (JSON). */
  session: Record<string, unknown>;
  /** Click events (JSON array). */
  clicks: unknown;
  load_more: boolean;
}

/** The merged sessions of one collection × hour: `_id` = `<collection>:<hour>`, replaced whole by the fold. */
export interface HourDoc {
  _id: string;
  collection: string;
  hour: number;
  /** `SearchRecord[]` (JSON array). */
  sessions: unknown;
}

/** A generation of the fold lease: `_id` = `fold:<gen>`; taken by inserting the next generation, released by its holder setting `expires_at` to 0. */
export interface LeaseDoc {
  _id: string;
  gen: number;
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

const logSchema = new Schema<LogDoc>(
  { _id: { type: String, required: true }, session: { type: Schema.Types.Mixed, required: true }, clicks: { type: Schema.Types.Mixed, default: [] }, load_more: { type: Boolean, default: false } },
  { collection: QUALITY_COLLECTIONS.log, versionKey: false, minimize: false },
);

const hourSchema = new Schema<HourDoc>(
  { _id: { type: String, required: true }, collection: { type: String, required: true }, hour: { type: Number, required: true }, sessions: { type: Schema.Types.Mixed, default: [] } },
  { collection: QUALITY_COLLECTIONS.hours, versionKey: false, minimize: false, suppressReservedKeysWarning: true },
);

const leaseSchema = new Schema<LeaseDoc>(
  { _id: { type: String, required: true }, gen: { type: Number, required: true }, owner: { type: String, required: true }, expires_at: { type: Number, required: true } },
  { collection: QUALITY_COLLECTIONS.leases, versionKey: false },
);

export interface QualityModels {
  rollups: Model<RollupDoc>;
  log: Model<LogDoc>;
  hours: Model<HourDoc>;
  leases: Model<LeaseDoc>;
}

export function qualityModels(connection: Connection): QualityModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return {
    rollups: get('SearchQualityRollup', rollupSchema),
    log: get('SearchQualityLog', logSchema),
    hours: get('SearchQualityHour', hourSchema),
    leases: get('SearchQualityLease', leaseSchema),
  };
}
