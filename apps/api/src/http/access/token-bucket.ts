/** Rate and burst of one token bucket; `perSecond` 0 turns the limit off. */
export interface BucketLimit {
  perSecond: number;
  burst: number;
}

/**
 * In-process token buckets by key (an API key id or a client address). Each key holds up to
 * `burst` tokens and gains `perSecond`; a request takes one. Only the most recently used
 * `maxKeys` buckets are kept (a forgotten bucket restarts full).
 */
export function createTokenBuckets(limit: BucketLimit, options: { now?: () => number; maxKeys?: number } = {}) {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 50_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes a token: 0 when allowed, else the seconds until one is available. */
    take(key: string): number {
      if (limit.perSecond <= 0) return 0;
      const t = now();
      const b = buckets.get(key) ?? { tokens: limit.burst, at: t };
      buckets.delete(key);
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.at) / 1000) * limit.perSecond);
      b.at = t;
      buckets.set(key, b);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    },
  };
}
