// GET /metrics/quality query parameters.
import type { FieldIssue } from '@embedding-studio/errors';
import { QualityValidationError } from '../errors.js';
import { BUCKET_SECONDS, bucketStart, type BucketSize } from './buckets.js';

/** Most buckets one read may span, per bucket size (a month of hours; over a year of days). */
export const MAX_BUCKETS: Readonly<Record<BucketSize, number>> = { hour: 1000, day: 400 };
/** `from` when the query has none: this long before `to`. */
export const DEFAULT_RANGE_SECONDS = 7 * 86_400;

export interface QualityQuery {
  collection: string;
  /** Epoch seconds (may have a fraction). */
  from: number;
  to: number;
  bucket: BucketSize;
  byVersion: boolean;
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;
const KNOWN = new Set(['collection', 'from', 'to', 'bucket', 'by']);

/** Parses the query of GET /metrics/quality against `nowSeconds`; every problem is reported at once. */
export function parseQualityQuery(raw: unknown, nowSeconds: number): QualityQuery {
  const q = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  const str = (field: string): string | undefined => {
    const v = q[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      issues.push({ field, message: 'must be given once, as a string' });
      return undefined;
    }
    return v;
  };
  for (const key of Object.keys(q)) if (!KNOWN.has(key)) issues.push({ field: key, message: 'is not a parameter of this route; use collection, from, to, bucket, by' });

  const collection = str('collection');
  if (collection === undefined && !issues.some((i) => i.field === 'collection')) issues.push({ field: 'collection', message: 'is required: the collection name' });
  else if (collection !== undefined && !NAME.test(collection)) issues.push({ field: 'collection', message: 'must be 1 to 48 letters, digits or _, starting with a letter' });

  const time = (field: string): number | undefined => {
    const v = str(field);
    if (v === undefined) return undefined;
    const ms = ISO.test(v) ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms)) {
      issues.push({ field, message: `must be an ISO-8601 date or time such as 2026-12-01T00:00:00Z, got ${JSON.stringify(v.slice(0, 40))}` });
      return undefined;
    }
    return ms / 1000;
  };
  const toGiven = time('to');
  const fromGiven = time('from');
  const to = toGiven ?? nowSeconds;
  const from = fromGiven ?? to - DEFAULT_RANGE_SECONDS;

  const bucketRaw = str('bucket') ?? 'hour';
  const bucket = bucketRaw === 'hour' || bucketRaw === 'day' ? bucketRaw : undefined;
  if (bucket === undefined && !issues.some((i) => i.field === 'bucket')) issues.push({ field: 'bucket', message: 'must be "hour" or "day"' });

  const by = str('by');
  if (by !== undefined && by !== 'version') issues.push({ field: 'by', message: 'must be "version" (or left out to merge every version into one series)' });

  if (fromGiven !== undefined && toGiven !== undefined && from >= to) issues.push({ field: 'from', message: 'must be before to' });
  else if (fromGiven !== undefined && from >= to) issues.push({ field: 'from', message: 'must be before to (which defaults to now)' });
  else if (bucket !== undefined && from < to) {
    const count = Math.ceil((to - bucketStart(from, bucket)) / BUCKET_SECONDS[bucket]);
    if (count > MAX_BUCKETS[bucket]) {
      issues.push({
        field: 'from',
        message: `the range spans ${count} ${bucket} buckets, more than ${MAX_BUCKETS[bucket]}: move from closer to to${bucket === 'hour' ? ', or use bucket=day' : ''}`,
      });
    }
  }
  if (issues.length > 0 || collection === undefined || bucket === undefined) throw new QualityValidationError(issues);
  return { collection, from, to, bucket, byVersion: by === 'version' };
}

/** The query parameters of GET /metrics/quality as JSON Schemas (for the OpenAPI document). */
export const QUALITY_QUERY_SCHEMA = {
  collection: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,47}$', description: 'The collection (required).' },
  from: { type: 'string', format: 'date-time', description: 'Start (ISO-8601); 7 days before `to` when left out.' },
  to: { type: 'string', format: 'date-time', description: 'End (ISO-8601); now when left out.' },
  bucket: { type: 'string', enum: ['hour', 'day'], default: 'hour' },
  by: { type: 'string', enum: ['version'], description: 'One series per profile version; without it, one merged series.' },
} as const;
