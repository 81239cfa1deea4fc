/**
 * The condition language shared by rules and coupons: JSON `all` / `any` / `not` trees over
 * facts of the order, its lines, the customer and the context, compiled once to synchronous
 * closures that can explain themselves.
 *
 * @example
 * ```ts
 * import { compileCondition, createFactSubject } from 'fidelis';
 * const weekend = compileCondition({ fact: 'order.weekday', operator: 'in', value: [6, 7] }, { currency: 'EUR' });
 * ```
 *
 * @packageDocumentation
 */
export * from './condition.js';
export * from './facts.js';
export * from './subject.js';
export * from './operators.js';
export * from './trace.js';
export * from './compile.js';
