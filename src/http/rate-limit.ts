/**
 * A request rate per API key: `perSecond` on average, bursts up to `burst`.
 *
 * @example
 * ```ts
 * const limit: RateLimit = { perSecond: 50, burst: 100 };
 * ```
 */
export interface RateLimit {
  /** Tokens added per second. */
  readonly perSecond: number;
  /** Bucket size: the most requests in one burst. */
  readonly burst: number;
}

/**
 * In-memory token buckets, one per id (an API key id, a client address): `take(id)` spends a
 * token and returns 0, or returns the whole seconds to wait (the `Retry-After`) when the bucket
 * is empty. Buckets refilled to their burst are forgotten once 10,000 ids are held, so many
 * distinct ids do not grow memory without bound. A bucket lives in one process: behind several
 * processes, each enforces the limit on its own share.
 *
 * @example
 * ```ts
 * const buckets = tokenBuckets({ perSecond: 1, burst: 2 }, () => performance.now());
 * buckets.take('k1'); buckets.take('k1'); // 0, 0
 * buckets.take('k1'); // 1
 * ```
 */
export interface TokenBuckets {
  /** Spend one of `id`'s tokens: 0 when granted, else the whole seconds until one is back. */
  take(id: string): number;
}

/**
 * Create {@link TokenBuckets} for `limit`, reading milliseconds from `nowMs`.
 *
 * @example
 * ```ts
 * const buckets = tokenBuckets({ perSecond: 20, burst: 40 }, () => performance.now());
 * ```
 */
export function tokenBuckets(limit: RateLimit, nowMs: () => number): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let sweepAt = 10_000;
  // a bucket refilled to its burst is the same as none: forget those when many ids were seen
  // (client addresses are unbounded), so memory follows the ids that are actually limited
  const sweep = (now: number): void => {
    for (const [id, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * limit.perSecond >= limit.burst) buckets.delete(id);
    sweepAt = Math.max(10_000, 2 * buckets.size);
  };
  return {
    take(id) {
      const now = nowMs();
      if (buckets.size >= sweepAt) sweep(now);
      const b = buckets.get(id) ?? { tokens: limit.burst, at: now };
      b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
      b.at = now;
      buckets.set(id, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    },
  };
}
