import { FidelisError } from '../core/errors.js';
import { endOfLocalDate } from '../core/time.js';
import { parseWith } from '../core/validation.js';
import { AMOUNT_SCALE, amountProblem, amountUnits } from './amounts.js';
import { createPeriodIndexer, type PeriodIndexer } from './purchase-periods.js';
import { SummarizeOptions, type SummarizeStats, type Transaction } from './summarize-options.js';
import type { CustomerSummary } from './summary.js';

class CustomerState {
  first = Number.POSITIVE_INFINITY;
  firstUnits = 0;
  last = Number.NEGATIVE_INFINITY;
  /** Distinct calibration periods (modes 'count' and 'detect'). */
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
  /** Seen out of order while counting: recounted from the array. */
  dirty = false;
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
  /**
   * 'store': keep each customer's periods (streaming, any order); 'count': count them, the
   * input being chronological per customer; 'detect': count them and recount the customers
   * seen out of order in a second pass over the array.
   */
  private mode: 'store' | 'count' | 'detect';
  private dirty: CustomerState[] = [];
  private readonly ignoreZero: boolean;
  private readonly unitDays: number;
  private readonly describeRow: (row: number) => string;
  private hasMargin = false;
  private lastCustomer: CustomerState | undefined;
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
    this.mode = o.order === 'chronological' ? 'count' : 'store';
    this.ignoreZero = o.zeroValue === 'ignore';
    this.unitDays = o.timeUnit === 'week' ? 7 : 1;
    this.describeRow = describeRow;
  }

  /**
   * Summarise an in-memory array with memory proportional to the number of customers whatever
   * the order of the transactions: one counting pass, then a second pass over the array only
   * for the customers whose transactions were out of time order (with `order: 'chronological'`
   * such a transaction is an error instead).
   *
   * @example
   * ```ts
   * import { TransactionSummarizer } from 'fidelis';
   * const s = TransactionSummarizer.summarizeArray(
   *   [{ customerId: 'a', at: new Date('2026-01-09T10:00:00Z'), amount: 30 }, { customerId: 'a', at: new Date('2026-01-02T10:00:00Z'), amount: 10 }],
   *   { observationEnd: '2026-01-31' },
   * );
   * s.finish()[0]?.frequency; // 1
   * ```
   */
  static summarizeArray(list: readonly Transaction[], options: SummarizeOptions): TransactionSummarizer {
    const summarizer = new TransactionSummarizer(options);
    if (summarizer.mode === 'store') summarizer.mode = 'detect';
    for (let i = 0; i < list.length; i++) summarizer.add(list[i] as Transaction);
    if (summarizer.dirty.length > 0) summarizer.recount(list);
    return summarizer;
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
    // Logs are often grouped by customer: the previous customer's state is checked first.
    let c = this.lastCustomer;
    if (c === undefined || c.id !== customerId) {
      c = this.customers.get(customerId);
      if (c === undefined) {
        c = new CustomerState(customerId);
        this.customers.set(customerId, c);
      }
      this.lastCustomer = c;
    }
    const p = this.periods.index(ms);
    if (ms <= this.calibrationEndMs) {
      if (this.mode === 'store') {
        if (p !== c.last) {
          if (c.periods === undefined) c.periods = [p];
          else {
            const prev = c.periods[c.periods.length - 1] as number;
            if (p !== prev) {
              if (p < prev) c.sorted = false;
              c.periods.push(p);
            }
          }
        }
      } else if (p > c.last) c.count++;
      else if (p < c.last) this.unordered(c, row);
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
    if (this.mode === 'store') {
      if (c.holdoutPeriods === undefined) c.holdoutPeriods = [p];
      else {
        const prev = c.holdoutPeriods[c.holdoutPeriods.length - 1] as number;
        if (p !== prev) {
          if (p < prev) c.holdoutSorted = false;
          c.holdoutPeriods.push(p);
        }
      }
    } else if (p > c.holdoutLast) c.holdoutCount++;
    else if (p < c.holdoutLast) this.unordered(c, row);
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
      const count = this.mode === 'store' ? distinctCount(c.periods ?? [], c.sorted) : c.count;
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
        summary.holdoutFrequency = this.mode === 'store' ? distinctCount(c.holdoutPeriods ?? [], c.holdoutSorted) : c.holdoutCount;
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

  /** A transaction earlier than the customer's latest: an error, or a customer to recount. */
  private unordered(c: CustomerState, row: number): void {
    if (this.mode === 'count') this.outOfOrder(row);
    if (!c.dirty) {
      c.dirty = true;
      this.dirty.push(c);
    }
  }

  /**
   * Second pass of {@link TransactionSummarizer.summarizeArray}: the distinct purchase periods of
   * the customers seen out of order, counted from the array.
   */
  private recount(list: readonly Transaction[]): void {
    for (const c of this.dirty) {
      c.periods = [];
      c.holdoutPeriods = [];
    }
    for (let i = 0; i < list.length; i++) {
      const t = list[i] as Transaction;
      const id = t.customerId as unknown;
      const c = this.customers.get(typeof id === 'string' ? id : String(id));
      if (c === undefined || !c.dirty) continue;
      const ms = t.at.getTime();
      if (ms > this.observationEndMs || (this.ignoreZero && amountUnits(t.amount, false) === 0)) continue;
      (ms <= this.calibrationEndMs ? (c.periods as number[]) : (c.holdoutPeriods as number[])).push(this.periods.index(ms));
    }
    for (const c of this.dirty) {
      c.count = distinctCount(c.periods ?? [], false);
      c.holdoutCount = distinctCount(c.holdoutPeriods ?? [], false);
      c.periods = undefined;
      c.holdoutPeriods = undefined;
      c.dirty = false;
    }
    this.dirty = [];
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

