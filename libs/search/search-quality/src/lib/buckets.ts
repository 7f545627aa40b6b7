// UTC time buckets.

export type BucketSize = 'hour' | 'day';

export const BUCKET_SECONDS: Readonly<Record<BucketSize, number>> = { hour: 3600, day: 86_400 };

/** Start (epoch seconds) of the bucket holding `epochSeconds`. */
export function bucketStart(epochSeconds: number, size: BucketSize): number {
  const s = BUCKET_SECONDS[size];
  return Math.floor(epochSeconds / s) * s;
}

/** `<collection>:<version|null>:<hour>`: the id of a rollup. */
export function rollupId(collection: string, version: number | null, hour: number): string {
  return `${collection}:${version === null ? 'null' : version}:${hour}`;
}

/**
 * The hour a session's metrics live in, or null when the session names no collection (sessions
 * posted by 0.0.1 clients without `search_meta.collection` belong to no collection's metrics).
 */
export function dirtyHourOf(session: { created_at: number; search_meta: Readonly<Record<string, unknown>> | null }): { collection: string; hour: number } | null {
  const collection = session.search_meta?.['collection'];
  if (typeof collection !== 'string' || collection === '') return null;
  return { collection, hour: bucketStart(session.created_at, 'hour') };
}
