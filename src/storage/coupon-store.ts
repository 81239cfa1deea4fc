/**
 * Coupon usage operations of the {@link Store} (filled in by the coupons issue).
 *
 * @example
 * ```ts
 * const coupons: CouponStore = createMemoryStore();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CouponStore {}
