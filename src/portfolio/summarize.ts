import { z } from 'zod';
import { FidelisError } from '../core/errors.js';
import { endOfLocalDate } from '../core/time.js';
import { parseWith, TimeZoneName } from '../core/validation.js';
import { AMOUNT_SCALE, amountProblem, amountUnits } from './amounts.js';
import { createPeriodIndexer, type PeriodIndexer } from './purchase-periods.js';
import type { CustomerSummary } from './summary.js';

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

class CustomerState {
  first = Number.POSITIVE_INFINITY;
  firstUnits = 0;
  last = Number.NEGATIVE_INFINITY;
  /** Distinct calibration periods (chronological order) or NaN while unused. */
  count = 0;
  /** Calibration periods as pushed ('any' order), adjacent repeats dropped. */
  periods: number[] | undefined;
  sorted = true;
  units = 0;
  marginUnits = 0;
  holdoutLast = Number.NEGATIVE_INFINITY;
  holdoutCount = 0;
  holdoutPeriods: number[] | undefined;
  holdoutSorted = true;
  holdoutUnits = 0;
  constructor(readonly id: string) {}
}

function endInstant(value: Date | string, timeZone: string): number {
  if (typeof value !== 'string') return value.getTime();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfLocalDate(value, timeZone).getTime() : Date.parse(value);
}

function distinctCount(periods: number[], sorted: boolean): number {
  if (sorted) return periods.length;
  periods.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < periods.length; i++) if (i === 0 || periods[i] !== periods[i - 1]) n++;
  return n;
}

/**
 * The streaming accumulator behind {@link summarizeTransactions}: feed transactions one by one
 * with `add` (or pre-validated values with `addValues`), then call `finish`. Memory is
 * proportional to the number of customers (`order: 'chronological'`) or of distinct purchase
 * periods (`order: 'any'`), never to the number of transactions.
 *
 * Amounts are counted exactly in ten-thousandths, so totals do not depend on the order of the
 * transactions; finer fractions are rounded half up.
 *
 * @example
 * ```ts
 * import { TransactionSummarizer } from 'fidelis';
 * const s = new TransactionSummarizer({ observationEnd: '2026-01-31' });
 * s.add({ customerId: 'a', at: new Date('2026-01-02T10:00:00Z'), amount: 10 });
 * s.add({ customerId: 'a', at: new Date('2026-01-09T10:00:00Z'), amount: 30 });
 * s.finish()[0]; // { customerId: 'a', frequency: 1, recency: 7, T: 29, monetaryValue: 30, totalValue: 40, purchaseCount: 2 }
 * ```
 */
export class TransactionSummarizer {
  private readonly customers = new Map<string, CustomerState>();
  private readonly periods: PeriodIndexer;
  private readonly observationEndMs: number;
  private readonly calibrationEndMs: number;
  private readonly split: boolean;
  private readonly chronological: boolean;
  private readonly ignoreZero: boolean;
  private readonly unitDays: number;
  private readonly describeRow: (row: number) => string;
  private hasMargin = false;
  private rows = 0;
  private afterEnd = 0;
  private zeroIgnored = 0;
  private finished: { summaries: CustomerSummary[]; stats: SummarizeStats } | undefined;

  /**
   * @param options - see {@link SummarizeOptions}.
   * @param describeRow - how errors name a row (default `transactions[i]`; the CSV reader says `line n`).
   */
  constructor(options: SummarizeOptions, describeRow: (row: number) => string = (row) => `transactions[${row}]`) {
    const o = parseWith(SummarizeOptions, options, 'summarize options');
    this.periods = createPeriodIndexer(o.period, o.timeZone);
    this.observationEndMs = endInstant(o.observationEnd, o.timeZone);
    this.split = o.calibrationEnd !== undefined;
    this.calibrationEndMs = o.calibrationEnd === undefined ? this.observationEndMs : endInstant(o.calibrationEnd, o.timeZone);
    if (this.calibrationEndMs > this.observationEndMs) {
      throw new FidelisError('VALIDATION_FAILED', 'calibrationEnd: must not be after observationEnd', {
        issues: [{ path: 'calibrationEnd', message: 'must not be after observationEnd' }],
      });
    }
    this.chronological = o.order === 'chronological';
    this.ignoreZero = o.zeroValue === 'ignore';
    this.unitDays = o.timeUnit === 'week' ? 7 : 1;
    this.describeRow = describeRow;
  }

  /**
   * Validate and add one transaction. Throws `VALIDATION_FAILED` naming the row and field
   * (`transactions[3].amount: -5 is negative …`).
   *
   * @example
   * ```ts
   * summarizer.add({ customerId: 'a', at: new Date('2026-01-02T10:00:00Z'), amount: '12.50' });
   * ```
   */
  add(transaction: Transaction): void {
    const row = this.rows;
    if (typeof transaction !== 'object' || transaction === null) this.fail(row, '', 'is not an object');
    const id = transaction.customerId as unknown;
    const customerId = typeof id === 'string' ? id : typeof id === 'number' && Number.isFinite(id) ? String(id) : '';
    if (customerId === '') this.fail(row, 'customerId', `${JSON.stringify(id) ?? String(id)} is not a non-empty string`);
    const at = transaction.at as unknown;
    const ms = at instanceof Date ? at.getTime() : Number.NaN;
    if (Number.isNaN(ms)) this.fail(row, 'at', `${String(at)} is not a valid Date`);
    const units = amountUnits(transaction.amount, false);
    if (Number.isNaN(units)) this.fail(row, 'amount', amountProblem(transaction.amount, false));
    let margin: number | undefined;
    if (transaction.margin !== undefined) {
      margin = amountUnits(transaction.margin, true);
      if (Number.isNaN(margin)) this.fail(row, 'margin', amountProblem(transaction.margin, true));
    }
    this.addValues(customerId, ms, units, margin);
  }

  /**
   * Add one already-validated transaction: `ms` is its instant (epoch milliseconds), `units`
   * its amount and `marginUnits` its margin in ten-thousandths (integers). For readers that
   * parse and check their input themselves (the CSV reader); no validation is repeated here.
   *
   * @example
   * ```ts
   * summarizer.addValues('a', Date.UTC(2026, 0, 2), 125_000, undefined); // 12.50
   * ```
   */
  addValues(customerId: string, ms: number, units: number, marginUnits: number | undefined): void {
    const row = this.rows++;
    if (ms > this.observationEndMs) {
      this.afterEnd++;
      return;
    }
    if (units === 0 && this.ignoreZero) {
      this.zeroIgnored++;
      return;
    }
    let c = this.customers.get(customerId);
    if (c === undefined) {
      c = new CustomerState(customerId);
      this.customers.set(customerId, c);
    }
    const p = this.periods.index(ms);
    if (ms <= this.calibrationEndMs) {
      if (this.chronological) {
        if (p < c.last || c.holdoutCount > 0) this.outOfOrder(row);
        if (p > c.last) c.count++;
      } else if (p !== c.last) {
        if (c.periods === undefined) c.periods = [p];
        else {
          const prev = c.periods[c.periods.length - 1] as number;
          if (p !== prev) {
            if (p < prev) c.sorted = false;
            c.periods.push(p);
          }
        }
      }
      if (p < c.first) {
        c.first = p;
        c.firstUnits = units;
      } else if (p === c.first) c.firstUnits += units;
      if (p > c.last) c.last = p;
      c.units += units;
      if (marginUnits !== undefined) {
        c.marginUnits += marginUnits;
        this.hasMargin = true;
      }
      return;
    }
    if (this.chronological) {
      if (p < c.holdoutLast) this.outOfOrder(row);
      if (p > c.holdoutLast) c.holdoutCount++;
    } else if (c.holdoutPeriods === undefined) c.holdoutPeriods = [p];
    else {
      const prev = c.holdoutPeriods[c.holdoutPeriods.length - 1] as number;
      if (p !== prev) {
        if (p < prev) c.holdoutSorted = false;
        c.holdoutPeriods.push(p);
      }
    }
    if (p > c.holdoutLast) c.holdoutLast = p;
    c.holdoutUnits += units;
  }

  /**
   * The summaries, one per customer in order of first appearance, and the counts of what was
   * read. Throws `INSUFFICIENT_DATA` when no customer remains. Calling it again returns the
   * same result.
   *
   * @example
   * ```ts
   * const summaries = summarizer.finish();
   * ```
   */
  finish(): CustomerSummary[] {
    return this.result().summaries;
  }

  /**
   * Counts of rows read, ignored and customers kept (after {@link TransactionSummarizer.finish}).
   *
   * @example
   * ```ts
   * summarizer.finish();
   * summarizer.stats().afterObservationEnd; // 0
   * ```
   */
  stats(): SummarizeStats {
    return this.result().stats;
  }

  private result(): { summaries: CustomerSummary[]; stats: SummarizeStats } {
    if (this.finished !== undefined) return this.finished;
    const summaries: CustomerSummary[] = [];
    const endDay = this.periods.startDay(this.periods.index(this.calibrationEndMs));
    let notInCalibration = 0;
    for (const c of this.customers.values()) {
      if (c.first === Number.POSITIVE_INFINITY) {
        notInCalibration++;
        continue;
      }
      const count = this.chronological ? c.count : distinctCount(c.periods ?? [], c.sorted);
      const frequency = count - 1;
      const firstDay = this.periods.startDay(c.first);
      const summary: {
        -readonly [K in keyof CustomerSummary]: CustomerSummary[K];
      } = {
        customerId: c.id,
        frequency,
        recency: (this.periods.startDay(c.last) - firstDay) / this.unitDays,
        T: (endDay - firstDay) / this.unitDays,
        monetaryValue: frequency > 0 ? (c.units - c.firstUnits) / (frequency * AMOUNT_SCALE) : 0,
        totalValue: c.units / AMOUNT_SCALE,
        purchaseCount: count,
      };
      if (this.hasMargin) summary.totalMargin = c.marginUnits / AMOUNT_SCALE;
      if (this.split) {
        summary.holdoutFrequency = this.chronological ? c.holdoutCount : distinctCount(c.holdoutPeriods ?? [], c.holdoutSorted);
        summary.holdoutValue = c.holdoutUnits / AMOUNT_SCALE;
      }
      summaries.push(summary);
    }
    const stats: SummarizeStats = {
      rows: this.rows,
      afterObservationEnd: this.afterEnd,
      zeroValueIgnored: this.zeroIgnored,
      customers: summaries.length,
      notInCalibration,
    };
    if (summaries.length === 0) {
      throw new FidelisError(
        'INSUFFICIENT_DATA',
        this.rows === 0
          ? 'transactions: the input is empty'
          : `transactions: no customer has a purchase on or before the end of calibration (${this.rows} rows read, ${this.afterEnd} after observationEnd)`,
        { stats },
      );
    }
    this.finished = { summaries, stats };
    return this.finished;
  }

  private outOfOrder(row: number): never {
    const where = this.describeRow(row);
    throw new FidelisError(
      'VALIDATION_FAILED',
      `${where}.at: earlier than a previous transaction of the same customer, but order 'chronological' was declared (use order 'any')`,
      { issues: [{ path: `${where}.at`, message: 'out of chronological order' }], row },
    );
  }

  private fail(row: number, field: string, message: string): never {
    const where = this.describeRow(row);
    const path = field === '' ? where : `${where}.${field}`;
    throw new FidelisError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }], row });
  }
}

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
  const summarizer = new TransactionSummarizer(options);
  if (Array.isArray(transactions)) {
    const list = transactions as readonly Transaction[];
    for (let i = 0; i < list.length; i++) summarizer.add(list[i] as Transaction);
    return summarizer.finish();
  }
  if (Symbol.asyncIterator in transactions) {
    return (async () => {
      for await (const t of transactions) summarizer.add(t);
      return summarizer.finish();
    })();
  }
  for (const t of transactions) summarizer.add(t);
  return summarizer.finish();
}
