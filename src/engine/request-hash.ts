import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/**
 * The digest stored with an idempotency key: SHA-256 of the request in canonical JSON (keys
 * sorted, dates as ISO strings, `undefined` dropped). The same request always hashes the same;
 * a different one (another amount, another order) hashes differently, so a reused key is a
 * `CONFLICT`.
 *
 * @example
 * ```ts
 * requestHash({ op: 'redeemPoints', customerId: 'c1', points: 50 }) === requestHash({ points: 50, customerId: 'c1', op: 'redeemPoints' }); // true
 * ```
 */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(request))).digest('hex');
}
