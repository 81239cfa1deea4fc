import { describe } from 'vitest';
import type { StoreFactory } from './conformance.js';

/**
 * The coupons part of the Store conformance suite.
 *
 * @example
 * ```ts
 * describeCouponConformance(async () => createMemoryStore());
 * ```
 */
export function describeCouponConformance(factory: StoreFactory): void {
  describe('coupons', () => {
    void factory;
  });
}
