import { Schema, type Connection, type Model } from 'mongoose';
import type { DocDelta } from '@embedding-studio/search-feedback';

/** The one collection this adapter owns. */
export const DELTAS_COLLECTION = 'search_feedback_deltas';

/** One applied {@link FeedbackDelta}, written once and never updated. */
export interface DeltaDoc {
  /** {@link deltaKey}(collection, delta id): a repeated delta is a duplicate `_id`. */
  _id: string;
  collection: string;
  key: string;
  text: string;
  vector: number[] | null;
  sessions: number;
  docs: DocDelta[];
  /** Server-process clock (ms) when written: the projection reads what is newer than it saw. */
  written_at: number;
}

/**
 * `<length of collection>:<collection>:<delta id>`: unambiguous whatever either part contains, so
 * two collections' deltas never collide.
 */
export function deltaKey(collection: string, deltaId: string): string {
  return `${collection.length}:${collection}:${deltaId}`;
}

const deltaSchema = new Schema<DeltaDoc>(
  {
    _id: { type: String, required: true },
    collection: { type: String, required: true },
    key: { type: String, required: true },
    text: { type: String, required: true },
    vector: { type: [Number], default: null },
    sessions: { type: Number, required: true },
    docs: { type: Schema.Types.Mixed, required: true },
    written_at: { type: Number, required: true },
  },
  { collection: DELTAS_COLLECTION, versionKey: false, suppressReservedKeysWarning: true },
);
// Reads on MongoDB; FerretDB 1.24 scans either way (docs/adr/0002).
deltaSchema.index({ collection: 1, written_at: 1 });

export function feedbackModels(connection: Connection): { deltas: Model<DeltaDoc> } {
  return { deltas: connection.models['FeedbackDelta'] ?? connection.model<DeltaDoc>('FeedbackDelta', deltaSchema) };
}
