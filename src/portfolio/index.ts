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
export * from './summary-columns.js';
export { MAX_TRANSACTION_AMOUNT, type DecimalSeparator } from './amounts.js';
export { EXCERPT_LENGTH } from './excerpt.js';
export { MAX_HEADER_LENGTH } from './csv-records.js';
export * from './purchase-periods.js';
export * from './summarize-options.js';
export * from './transaction-summarizer.js';
export * from './summarize.js';
export * from './transaction-dates.js';
export * from './transactions-csv.js';
export { hypergeometric2F1, logHypergeometric2F1 } from './hypergeometric.js';
export * from './random.js';
export * from './compress.js';
export type { RfmInput } from './rfm-input.js';
export { ModelFitOptionsSchema, type ModelFitOptions, type FitDiagnostics } from './maximum-likelihood.js';
export * from './transaction-model.js';
export * from './bg-nbd.js';
export * from './bg-nbd-fit.js';
export * from './pareto-nbd.js';
export * from './pareto-nbd-fit.js';
export * from './gamma-gamma.js';
export * from './gamma-gamma-fit.js';
export * from './clv.js';
export * from './simulate.js';
export * from './simulate-transactions.js';
export * from './rfm.js';
export * from './portfolio-quadrants.js';
export { quantile, type PortfolioThreshold, type PortfolioTie, type PortfolioTies } from './portfolio-thresholds.js';
export * from './portfolio-budget.js';
export * from './classify.js';
export * from './compare.js';
export * from './table.js';
export * from './svg.js';
export * from './checks/holdout-check.js';
export * from './checks/repeat-purchase-times.js';
export * from './checks/check-svg.js';
export * from './checks/check-table.js';
