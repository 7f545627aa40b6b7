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

