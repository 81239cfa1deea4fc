import type { SummarizeOptions, Transaction } from './summarize-options.js';
import type { CustomerSummary } from './summary.js';
import { TransactionSummarizer } from './transaction-summarizer.js';

/**
 * Summarise a transaction log into one {@link CustomerSummary} per customer: the sufficient
 * statistics of the BG/NBD, Pareto/NBD and Gamma-Gamma models plus totals (and holdout figures
 * when `calibrationEnd` is given).
 *
 * Definitions (all per customer, purchases merged per `period` in `timeZone`):
 * - purchase periods: the distinct periods with at least one transaction up to the end of
 *   calibration; a zero-value transaction counts (unless `zeroValue: 'ignore'`);
 * - `frequency` = purchase periods − 1 (repeat purchases); `purchaseCount` = purchase periods;
 * - `recency` = start of the last purchase period − start of the first, in `timeUnit`;
 * - `T` = start of the period containing the end of calibration − start of the first purchase
 *   period, in `timeUnit`;
 * - `monetaryValue` = (value of all calibration purchases − value of the first purchase period)
 *   / `frequency`, 0 when `frequency` is 0; `totalValue` = value of all calibration purchases;
 *   `totalMargin` (when any transaction has a margin; missing margins count 0);
 * - `holdoutFrequency` = purchase periods after `calibrationEnd` up to `observationEnd`,
 *   `holdoutValue` their value.
 *
 * Accepts an array (any iterable; returns the summaries) or an async iterable (returns a promise),
 * streaming: see {@link TransactionSummarizer} for memory. Rows are validated: a negative, NaN,
 * infinite or huge amount or an invalid date is a `VALIDATION_FAILED` error naming the row and
 * field; an empty input is `INSUFFICIENT_DATA`.
 *
 * @example
 * ```ts
 * import { summarizeTransactions } from 'fidelis';
 * const at = (d: string) => new Date(`${d}T12:00:00Z`);
 * summarizeTransactions(
 *   [
 *     { customerId: 'a', at: at('1997-01-01'), amount: 10 },
 *     { customerId: 'a', at: at('1997-01-01'), amount: 5 },  // same day: merged
 *     { customerId: 'a', at: at('1997-01-15'), amount: 20 },
 *   ],
 *   { observationEnd: '1997-01-31', timeUnit: 'week' },
 * );
 * // [{ customerId: 'a', frequency: 1, recency: 2, T: 30 / 7, monetaryValue: 20, totalValue: 35, purchaseCount: 2 }]
 * ```
 */
export function summarizeTransactions(transactions: Iterable<Transaction>, options: SummarizeOptions): CustomerSummary[];
export function summarizeTransactions(transactions: AsyncIterable<Transaction>, options: SummarizeOptions): Promise<CustomerSummary[]>;
export function summarizeTransactions(
  transactions: Iterable<Transaction> | AsyncIterable<Transaction>,
  options: SummarizeOptions,
): CustomerSummary[] | Promise<CustomerSummary[]>;
export function summarizeTransactions(
  transactions: Iterable<Transaction> | AsyncIterable<Transaction>,
  options: SummarizeOptions,
): CustomerSummary[] | Promise<CustomerSummary[]> {
  if (Array.isArray(transactions)) return TransactionSummarizer.summarizeArray(transactions as readonly Transaction[], options).finish();
  const summarizer = new TransactionSummarizer(options);
  if (Symbol.asyncIterator in transactions) {
    return (async () => {
      for await (const t of transactions) summarizer.add(t);
      return summarizer.finish();
    })();
  }
  for (const t of transactions) summarizer.add(t);
  return summarizer.finish();
}
