/**
 * Sufficient statistics of one customer over a calibration period: what the buy-till-you-die
 * models (BG/NBD, Pareto/NBD) and the Gamma-Gamma spend model need, plus totals and optional
 * holdout figures.
 *
 * `frequency` counts repeat purchase periods (purchases after the first, merged by period);
 * `recency` is the time from the first to the last purchase and `T` the time from the first
 * purchase to the end of calibration, both in the summary's time unit (days or weeks).
 *
 * @example
 * ```ts
 * import type { CustomerSummary } from 'fidelis';
 * const alice: CustomerSummary = {
 *   customerId: 'alice',
 *   frequency: 2,        // three purchase days: the first and two repeats
 *   recency: 30.43,      // weeks from first to last purchase
 *   T: 38.86,            // weeks from first purchase to calibration end
 *   monetaryValue: 22.35, // mean of the two repeat purchases
 *   totalValue: 56.47,
 *   purchaseCount: 3,
 * };
 * ```
 */
export interface CustomerSummary {
  /** The customer's id, as found in the transactions. */
  readonly customerId: string;
  /** Number of repeat purchase periods (x): purchase periods after the first. */
  readonly frequency: number;
  /** Time from the first to the last purchase (t_x), in the summary's time unit. */
  readonly recency: number;
  /** Time from the first purchase to the end of calibration (T), in the summary's time unit. */
  readonly T: number;
  /** Mean value of the repeat purchases (first purchase excluded); 0 when there are none. */
  readonly monetaryValue: number;
  /** Sum of all purchase values in calibration, the first purchase included. */
  readonly totalValue: number;
  /** Sum of the margins of all purchases in calibration, when margins were given. */
  readonly totalMargin?: number;
  /** Number of purchase periods including the first (= frequency + 1). */
  readonly purchaseCount: number;
  /** Number of purchase periods in the holdout period, when a calibration split was asked for. */
  readonly holdoutFrequency?: number;
  /** Sum of purchase values in the holdout period, when a calibration split was asked for. */
  readonly holdoutValue?: number;
}

/**
 * The (x, t_x, T) triple the transaction models need: repeat frequency, recency and age.
 *
 * @example
 * ```ts
 * import type { RfmTriple } from 'fidelis';
 * const history: RfmTriple = { frequency: 2, recency: 30.43, T: 38.86 };
 * ```
 */
export type RfmTriple = Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>;
