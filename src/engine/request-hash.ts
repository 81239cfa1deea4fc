import { createHash } from 'node:crypto';

/**
 * `JSON.stringify` of the value with every object's keys sorted, dates as ISO strings and
 * `undefined` members dropped, written in one pass (no sorted copy of the request is built:
 * this runs on every keyed operation). Byte for byte what `JSON.stringify` of such a copy gives,
 * so digests stored by earlier versions still match.
 */
function canonical(value: unknown): string | undefined {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (canonical(value[i]) ?? 'null');
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    let out = '{';
    for (const key of Object.keys(value).sort()) {
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v !== undefined) out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${v}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
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
  return createHash('sha256').update(canonical(request) ?? 'null').digest('hex');
}
