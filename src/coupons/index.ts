/**
 * `fidelis/coupons`: the coupons module on its own.
 *
 * @example
 * ```ts
 * import * as coupons from 'fidelis/coupons';
 * ```
 *
 * @packageDocumentation
 */
export {};
