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
