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
export { MAX_TRANSACTION_AMOUNT } from './amounts.js';
export * from './purchase-periods.js';
export * from './summarize-options.js';
export * from './transaction-summarizer.js';
export * from './summarize.js';
export * from './transaction-dates.js';
export * from './transactions-csv.js';
