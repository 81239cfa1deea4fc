/**
 * fidelis — a headless loyalty engine: customer portfolio classification, points and bonus
 * rules, coupons and contact-timing schedules. Pure and storage-agnostic; persistence goes
 * through the Store port (`createMemoryStore`, `fidelis/postgres`).
 *
 * @example
 * ```ts
 * import { Money } from 'fidelis';
 * Money.of('100.00', 'EUR').allocate([1, 1, 1]).map(String); // ['33.34 EUR', '33.33 EUR', '33.33 EUR']
 * ```
 *
 * @packageDocumentation
 */
export * from './core/index.js';
export * from './conditions/index.js';
export * from './rules/index.js';
export * from './coupons/index.js';
export * from './portfolio/index.js';
export * from './calendar/index.js';
export * from './storage/index.js';
export * from './engine/index.js';
