import type { EngineContext } from './context.js';

/**
 * The coupons operations of the {@link LoyaltyEngine}.
 *
 * @example
 * ```ts
 * const engine = createLoyaltyEngine({ store: createMemoryStore() });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CouponOperations {}

/**
 * Build the coupons operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = couponOperations(ctx);
 * ```
 */
export function couponOperations(ctx: EngineContext): CouponOperations {
  void ctx;
  return {};
}
