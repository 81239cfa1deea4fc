import { z } from 'zod';
import { TimeZoneName } from '../core/validation.js';

/**
 * One purchase (or a return recorded as a zero amount): who, when, how much, and optionally
 * the margin it earned. `amount` is a non-negative number or decimal string ("19.99").
 *
 * @example
 * ```ts
 * import type { Transaction } from 'fidelis';
 * const t: Transaction = { customerId: 'c1', at: new Date('2026-03-01T10:00:00Z'), amount: '19.99', margin: 6 };
 * ```
 */
export interface Transaction {
  /** The customer's id. */
  readonly customerId: string;
  /** When the purchase happened. */
  readonly at: Date;
  /** Its value: a non-negative number or decimal string. */
  readonly amount: number | string;
  /** Its margin (may be negative), when known. */
  readonly margin?: number | string | undefined;
}

/** An end of period: a `Date`, an ISO date-time with offset, or a local date `YYYY-MM-DD` (its whole day counts). */
const PeriodEnd = z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]);

/**
 * Options of {@link summarizeTransactions}, as a zod schema (the type is its input).
 *
 * - `observationEnd` (required): transactions after it are ignored. A `YYYY-MM-DD` string means
 *   the end of that local day in `timeZone`.
 * - `calibrationEnd`: when given, `frequency`, `recency`, `T` and totals describe the
 *   transactions up to it, and `holdoutFrequency`/`holdoutValue` those after it up to
 *   `observationEnd`. Customers whose first purchase is after it are left out (they are not in
 *   the calibration cohort). Choose it at the end of a period.
 * - `period` (`'day'`): purchases of one customer in the same local day/week (Monday
 *   start)/month merge into one purchase period.
 * - `timeUnit` (`'day'`): unit of `recency` and `T` (`'week'` = days / 7).
 * - `timeZone` (`'UTC'`): what a local day is.
 * - `zeroValue` (`'purchase'`): a transaction of amount 0 still makes its day a purchase day
 *   (the CDNOW convention: such customers are in the published summaries); `'ignore'` drops it.
 * - `order` (`'any'`): transactions may come in any order; memory grows with the number of
 *   distinct purchase periods. `'chronological'`: each customer's transactions come in time
 *   order (other customers may interleave), memory grows only with the number of customers; an
 *   earlier transaction after a later one is a `VALIDATION_FAILED` error naming the row.
 *
 * @example
 * ```ts
 * import { SummarizeOptions } from 'fidelis';
 * SummarizeOptions.parse({ observationEnd: '1998-06-30', calibrationEnd: '1997-09-30', timeUnit: 'week' });
 * ```
 */
export const SummarizeOptions = z.object({
  observationEnd: PeriodEnd,
  calibrationEnd: PeriodEnd.optional(),
  period: z.enum(['day', 'week', 'month']).default('day'),
  timeUnit: z.enum(['day', 'week']).default('day'),
  timeZone: TimeZoneName.default('UTC'),
  zeroValue: z.enum(['purchase', 'ignore']).default('purchase'),
  order: z.enum(['any', 'chronological']).default('any'),
});

/**
 * Options of {@link summarizeTransactions} as a caller writes them (see the schema for each field).
 *
 * @example
 * ```ts
 * import type { SummarizeOptions } from 'fidelis';
 * const o: SummarizeOptions = { observationEnd: '2026-06-30', timeZone: 'Europe/Paris' };
 * ```
 */
export type SummarizeOptions = z.input<typeof SummarizeOptions>;

/**
 * Counts of what a summariser saw, for reports and sanity checks.
 *
 * @example
 * ```ts
 * import type { SummarizeStats } from 'fidelis';
 * const s: SummarizeStats = { rows: 10, afterObservationEnd: 1, zeroValueIgnored: 0, customers: 3, notInCalibration: 0 };
 * ```
 */
export interface SummarizeStats {
  /** Transactions read. */
  readonly rows: number;
  /** Transactions ignored because they are after `observationEnd`. */
  readonly afterObservationEnd: number;
  /** Zero-value transactions ignored (`zeroValue: 'ignore'`). */
  readonly zeroValueIgnored: number;
  /** Customers summarised. */
  readonly customers: number;
  /** Customers left out because their first purchase is after `calibrationEnd`. */
  readonly notInCalibration: number;
}
