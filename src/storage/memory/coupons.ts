import type { CouponStore } from '../coupon-store.js';

/**
 * The in-memory implementation of {@link CouponStore}.
 *
 * @example
 * ```ts
 * const part = createMemoryCouponStore();
 * ```
 */
export function createMemoryCouponStore(): CouponStore {
  return {};
}
