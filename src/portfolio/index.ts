/**
 * `fidelis/portfolio`: the portfolio module on its own.
 *
 * @example
 * ```ts
 * import * as portfolio from 'fidelis/portfolio';
 * ```
 *
 * @packageDocumentation
 */
export * from './summary.js';
