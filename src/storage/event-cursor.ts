import { FidelisError } from '../core/errors.js';

/**
 * The largest page `EventStore.readEvents` returns.
 *
 * @example
 * ```ts
 * await store.events.readEvents({ limit: MAX_EVENT_PAGE });
 * ```
 */
export const MAX_EVENT_PAGE = 1000;

/**
 * The position a cursor stands for (`undefined` → 0, the start). Cursors are decimal positions;
 * anything else is `VALIDATION_FAILED` naming the field.
 *
 * @example
 * ```ts
 * eventPosition('42', 'after'); // 42
 * ```
 */
export function eventPosition(cursor: string | undefined, field: string): number {
  if (cursor === undefined) return 0;
  if (typeof cursor !== 'string' || !/^(0|[1-9][0-9]{0,14})$/.test(cursor)) {
    throw new FidelisError('VALIDATION_FAILED', `${field}: not an event cursor (got ${JSON.stringify(cursor)?.slice(0, 40) ?? typeof cursor})`, {
      issues: [{ path: field, message: 'must be a cursor returned by readEvents' }],
    });
  }
  return Number(cursor);
}

/**
 * The page size asked for: 100 by default, else an integer 1…1,000 (`VALIDATION_FAILED` otherwise).
 *
 * @example
 * ```ts
 * eventPageLimit(undefined); // 100
 * ```
 */
export function eventPageLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE) {
    throw new FidelisError('VALIDATION_FAILED', `limit: must be an integer from 1 to ${MAX_EVENT_PAGE} (got ${String(limit)})`, {
      issues: [{ path: 'limit', message: `must be an integer from 1 to ${MAX_EVENT_PAGE}` }],
    });
  }
  return limit;
}

/**
 * A consumer name for `EventStore.ackEvents`: 1–200 characters.
 *
 * @example
 * ```ts
 * requireConsumer('webhooks'); // ok
 * ```
 */
export function requireConsumer(consumer: unknown): asserts consumer is string {
  if (typeof consumer !== 'string' || consumer.length === 0 || consumer.length > 200) {
    throw new FidelisError('VALIDATION_FAILED', 'consumer: must be a name of 1 to 200 characters', { issues: [{ path: 'consumer', message: 'must be a name of 1 to 200 characters' }] });
  }
}

/**
 * A JSON value with every string equal to `from` replaced by `to` (erasure of an id in an event's payload).
 *
 * @example
 * ```ts
 * renameInPayload({ referrerId: 'c1', points: 5 }, 'c1', 'anon-7'); // { referrerId: 'anon-7', points: 5 }
 * ```
 */
export function renameInPayload<T>(value: T, from: string, to: string): T {
  if (value === from) return to as T;
  if (Array.isArray(value)) return value.map((v: unknown) => renameInPayload(v, from, to)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameInPayload(v, from, to)])) as T;
  }
  return value;
}
