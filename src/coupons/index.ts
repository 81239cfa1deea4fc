/**
 * `fidelis/coupons`: coupon codes (generation, normalisation, check characters, signed codes)
 * and promotions (definitions, cart evaluation with explicit stacking).
 *
 * @example
 * ```ts
 * import { generateCodes, normalizeCode } from 'fidelis/coupons';
 * const codes = generateCodes({ count: 100, prefix: 'SPRING-', pattern: '####-####' });
 * normalizeCode(' spring-ab12 '); // 'SPR1NGAB12'
 * ```
 *
 * @packageDocumentation
 */
export * from './check-character.js';
export * from './code-generation.js';
export * from './code-normalization.js';
export * from './random-source.js';
export * from './signed-code.js';
export * from './cart.js';
export * from './cart-evaluation.js';
export * from './cart-evaluation-result.js';
export type { PresentedCode } from './code-resolution.js';
export type { PromotionSkipReason, PromotionUsage } from './promotion-eligibility.js';
export type { GiftItem } from './promotion-effects.js';
export * from './promotion.js';
export * from './usage-period.js';
export * from './order-from-checkout.js';
export * from './return-terms.js';
export * from './backtest-promotion.js';
