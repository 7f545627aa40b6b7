import { Schema, type Connection, type Model } from 'mongoose';
import type { ComparisonEnd, ComparisonRecord } from '@embedding-studio/search-comparison';

/** Collection names owned by this adapter. */
export const COLLECTIONS = {
  comparisons: 'search_comparisons',
  ends: 'search_comparison_ends',
} as const;

/** A started comparison: `_id` = its id (`<collection>.<seq>`), inserted once, never updated. */
export interface ComparisonDoc {
  _id: string;
  collection: string;
  seq: number;
  record: ComparisonRecord;
}

/** How a comparison ended: `_id` = the comparison id, so the first of a stop and a decision wins. */
export interface EndDoc {
  _id: string;
  end: ComparisonEnd;
}

const comparisonSchema = new Schema<ComparisonDoc>(
  {
    _id: { type: String, required: true },
    collection: { type: String, required: true },
    seq: { type: Number, required: true },
    record: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false, collection: COLLECTIONS.comparisons, suppressReservedKeysWarning: true },
);
comparisonSchema.index({ collection: 1, seq: -1 }, { name: 'collection_newest_first' });

const endSchema = new Schema<EndDoc>({ _id: { type: String, required: true }, end: { type: Schema.Types.Mixed, required: true } }, { versionKey: false, minimize: false, collection: COLLECTIONS.ends });

export interface ComparisonModels {
  comparisons: Model<ComparisonDoc>;
  ends: Model<EndDoc>;
}

export function comparisonModels(connection: Connection): ComparisonModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
  return { comparisons: get('SearchComparison', comparisonSchema), ends: get('SearchComparisonEnd', endSchema) };
}
