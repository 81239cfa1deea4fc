import type { CouponStore } from '../../storage/coupon-store.js';
import type { PostgresScope } from './postgres-store.js';

/**
 * The coupon-usage operations of the Store on PostgreSQL.
 *
 * @example
 * ```ts
 * const part = createPgCouponStore({ sql, schema: '"fidelis"' });
 * ```
 */
export function createPgCouponStore(scope: PostgresScope): CouponStore {
  void scope;
  return {};
}
