import { FidelisError } from '../core/errors.js';
import { endOfLocalDate } from '../core/time.js';
import { parseWith } from '../core/validation.js';
import { AMOUNT_SCALE, amountProblem, amountUnits } from './amounts.js';
import { CustomerTable, DIRTY, NONE_YET } from './customer-table.js';
import { IdMap } from './id-index.js';
import { createPeriodIndexer, type PeriodIndexer } from './purchase-periods.js';
import { SummarizeOptions, type SummarizeStats, type Transaction } from './summarize-options.js';
import type { CustomerSummary } from './summary.js';
import { type SummaryColumns, summariesOf, summaryColumnsOf } from './summary-columns.js';
import { type SummaryFigures, summaryObject } from './summary-object.js';
import { cutTo } from './typed-arrays.js';

function endInstant(value: Date | string, timeZone: string): number {
  if (typeof value !== 'string') return value.getTime();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfLocalDate(value, timeZone).getTime() : Date.parse(value);
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
  private table: CustomerTable;
  private readonly periods: PeriodIndexer;
  private readonly observationEndMs: number;
  private readonly calibrationEndMs: number;
  private readonly split: boolean;
  /**
   * 'store': keep each customer's periods (streaming, any order); 'count': count them, the
   * input being chronological per customer; 'detect': count them and recount the customers
   * seen out of order in a second pass over the same input (an array, a file read again).
   */
  private mode: 'store' | 'count' | 'detect';
  private dirty: number[] = [];
  /** In a second pass, rows only feed the recount of the customers seen out of order. */
  private secondPass = false;
  /**
   * Objects made from the finished columns (less memory at the peak, for streams) or straight
   * from the table (less garbage: for input in memory, whose heap is large already and costly
   * to collect).
   */
  private objectsThroughColumns = true;
  private readonly ignoreZero: boolean;
  private readonly unitDays: number;
  private readonly describeRow: (row: number) => string;
  private hasMargin = false;
  private lastId: string | undefined;
  private lastSlot = -1;
  private rows = 0;
  private afterEnd = 0;
  private zeroIgnored = 0;
  private finished: { summaries: CustomerSummary[]; stats: SummarizeStats } | undefined;
  private columns: SummaryColumns | undefined;
  private notInCalibration = 0;
  private readonly scratch: SummaryFigures = { frequency: 0, recency: 0, T: 0, monetaryValue: 0, totalValue: 0, totalMargin: 0, purchaseCount: 0, holdoutFrequency: 0, holdoutValue: 0 };

  /**
   * @param options - see {@link SummarizeOptions}.
   * @param describeRow - how errors name a row (default `transactions[i]`; the CSV reader says `line n`).
   */
  constructor(options: SummarizeOptions, describeRow: (row: number) => string = (row) => `transactions[${row}]`) {
    const o = parseWith(SummarizeOptions, options, 'summarize options');
    this.periods = createPeriodIndexer(o.period, o.timeZone);
    this.observationEndMs = endInstant(o.observationEnd, o.timeZone);
    this.split = o.calibrationEnd !== undefined;
    this.table = new CustomerTable(this.split);
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
    const summarizer = TransactionSummarizer.forRereadableInput(options);
    // The array holds every id string already: a Map over them is faster than the compact index.
    summarizer.table = new CustomerTable(summarizer.split, new IdMap());
    summarizer.objectsThroughColumns = false;
    for (let i = 0; i < list.length; i++) summarizer.add(list[i] as Transaction);
    // The second pass keeps only the periods of the customers seen out of order (nothing is validated again).
    if (summarizer.beginSecondPass()) for (let i = 0; i < list.length; i++) summarizer.add(list[i] as Transaction);
    return summarizer;
  }

  /**
   * A summariser for input that can be read twice (a file, a query that can run again): with
   * `order: 'any'` it keeps no purchase periods while reading, only notes the customers whose
   * rows come out of time order; when {@link TransactionSummarizer.beginSecondPass} says so, feed
   * the same input again and only those customers' periods are kept and counted. Memory then
   * grows with the number of customers even for input in any order (periods are kept only for
   * the customers out of order), and input sorted by time or by customer is read once.
   *
   * @example
   * ```ts
   * import { TransactionSummarizer } from 'fidelis';
   * const log = [{ customerId: 'a', at: new Date('2026-01-09T10:00:00Z'), amount: 30 }, { customerId: 'a', at: new Date('2026-01-02T10:00:00Z'), amount: 10 }];
   * const s = TransactionSummarizer.forRereadableInput({ observationEnd: '2026-01-31' });
   * for (const t of log) s.add(t); // first pass
   * if (s.beginSecondPass()) for (const t of log) s.add(t); // 'a' was out of order: read again
   * s.finish()[0]?.frequency; // 1
   * ```
   */
  static forRereadableInput(options: SummarizeOptions, describeRow?: (row: number) => string): TransactionSummarizer {
    const summarizer = new TransactionSummarizer(options, describeRow);
    if (summarizer.mode === 'store') summarizer.mode = 'detect';
    return summarizer;
  }

  /**
   * After the first pass of a {@link TransactionSummarizer.forRereadableInput} summariser:
   * whether the input must be fed once more (some customer's rows were out of time order).
   * When it returns `true`, feed every row again with `add`/`addValues` (the same rows: the
   * second pass is not validated again), then call `finish`.
   *
   * @example
   * ```ts
   * if (summarizer.beginSecondPass()) for await (const t of openLogAgain()) summarizer.add(t);
   * ```
   */
  beginSecondPass(): boolean {
    if (this.mode !== 'detect' || this.dirty.length === 0 || this.secondPass) return false;
    this.secondPass = true;
    return true;
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
    if (this.secondPass) {
      const id = transaction.customerId as unknown;
      this.addValues(typeof id === 'string' ? id : String(id), transaction.at.getTime(), this.ignoreZero ? amountUnits(transaction.amount, false) : 1, undefined);
      return;
    }
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
    if (this.finished !== undefined || this.columns !== undefined) {
      throw new FidelisError('VALIDATION_FAILED', `${this.describeRow(this.rows)}: the summariser is finished; add every transaction before finish()`, {
        issues: [{ path: this.describeRow(this.rows), message: 'added after finish()' }],
      });
    }
    if (this.secondPass) {
      this.recountValues(customerId, ms, units);
      return;
    }
    const row = this.rows++;
    if (ms > this.observationEndMs) {
      this.afterEnd++;
      return;
    }
    if (units === 0 && this.ignoreZero) {
      this.zeroIgnored++;
      return;
    }
    // Logs are often grouped by customer: the previous customer's slot is checked first.
    const t = this.table;
    let c = this.lastSlot;
    if (customerId !== this.lastId) {
      c = t.slot(customerId);
      this.lastId = customerId;
      this.lastSlot = c;
    }
    const p = this.periods.index(ms);
    if (ms <= this.calibrationEndMs) {
      const last = t.last[c] as number;
      if (this.mode === 'store') t.periods.add(c, p);
      else if (p > last) t.count[c] = (t.count[c] as number) + 1;
      else if (p < last) this.unordered(c, row);
      const first = t.first[c] as number;
      if (p < first) {
        t.first[c] = p;
        t.firstUnits[c] = units;
      } else if (p === first) t.firstUnits[c] = (t.firstUnits[c] as number) + units;
      if (p > last) t.last[c] = p;
      t.units[c] = (t.units[c] as number) + units;
      if (marginUnits !== undefined) {
        if (!this.hasMargin) {
          t.enableMargins();
          this.hasMargin = true;
        }
        t.marginUnits[c] = (t.marginUnits[c] as number) + marginUnits;
      }
      return;
    }
    const holdoutLast = t.holdoutLast[c] as number;
    if (this.mode === 'store') t.periods.add(c, p + 1); // above every calibration period (see CustomerTable.periods)
    else if (p > holdoutLast) t.holdoutCount[c] = (t.holdoutCount[c] as number) + 1;
    else if (p < holdoutLast) this.unordered(c, row);
    if (p > holdoutLast) t.holdoutLast[c] = p;
    t.holdoutUnits[c] = (t.holdoutUnits[c] as number) + units;
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
    if (this.finished === undefined && this.columns !== undefined) return this.statsFor(this.columns.size, this.notInCalibration);
    return this.result().stats;
  }

  /**
   * The summaries as columns ({@link SummaryColumns}: under half the memory of the objects), one
   * row per customer in order of first appearance. Same figures and errors as
   * {@link TransactionSummarizer.finish}; calling it again returns the same columns.
   *
   * @example
   * ```ts
   * const columns = summarizer.finishColumns();
   * columns.frequency[0]; // the first customer's repeat purchases
   * ```
   */
  finishColumns(): SummaryColumns {
    if (this.columns !== undefined) return this.columns;
    if (this.finished !== undefined) return (this.columns = summaryColumnsOf(this.finished.summaries));
    this.settle();
    const t = this.table;
    let n = 0;
    for (let c = 0; c < t.size; c++) if ((t.first[c] as number) !== NONE_YET) n++;
    this.check(n, t.size - n);
    this.notInCalibration = t.size - n;
    // Built to keep the peak low at a million customers: the id lookups go first; the figures
    // are written over the first n rows of the table's own columns (row n ≤ slot c: a slot is
    // read before any row at or after it is written), only recency, T and frequency are new
    // arrays; each finished column is cut to size as the table lets go of it, and the id
    // strings are made last, from the id bytes alone.
    t.ids.release();
    const frequency = new Int32Array(n);
    const recency = new Float64Array(n);
    const T = new Float64Array(n);
    let row = 0;
    this.each((r) => {
      frequency[row] = r.frequency;
      recency[row] = r.recency;
      T[row] = r.T;
      t.count[row] = r.purchaseCount;
      t.firstUnits[row] = r.monetaryValue;
      t.units[row] = r.totalValue;
      if (this.hasMargin) t.marginUnits[row] = r.totalMargin;
      if (this.split) {
        t.holdoutCount[row] = r.holdoutFrequency;
        t.holdoutUnits[row] = r.holdoutValue;
      }
      row++;
    });
    t.periods.releaseAll();
    const purchaseCount = cutTo(t.count, n);
    const monetaryValue = cutTo(t.firstUnits, n);
    const totalValue = cutTo(t.units, n);
    const totalMargin = this.hasMargin ? cutTo(t.marginUnits, n) : undefined;
    const holdoutFrequency = this.split ? cutTo(t.holdoutCount, n) : undefined;
    const holdoutValue = this.split ? cutTo(t.holdoutUnits, n) : undefined;
    const { first, ids, size } = t;
    t.release();
    const customerId: string[] = [];
    for (let c = 0; c < size; c++) if ((first[c] as number) !== NONE_YET) customerId.push(ids.id(c));
    ids.release(true);
    this.columns = {
      size: n,
      customerId,
      frequency,
      recency,
      T,
      monetaryValue,
      totalValue,
      ...(totalMargin === undefined ? {} : { totalMargin }),
      purchaseCount,
      ...(holdoutFrequency === undefined || holdoutValue === undefined ? {} : { holdoutFrequency, holdoutValue }),
    };
    return this.columns;
  }

  private result(): { summaries: CustomerSummary[]; stats: SummarizeStats } {
    if (this.finished !== undefined) return this.finished;
    let summaries: CustomerSummary[];
    if (this.objectsThroughColumns) {
      // The table is gone before the objects are made: the peak is the objects plus the
      // numeric columns, not the objects plus the whole reading state.
      summaries = summariesOf(this.finishColumns());
      this.columns = undefined; // the objects are the result: finishColumns() would make columns of them
    } else {
      this.settle();
      summaries = [];
      this.each((r, c) => summaries.push(summaryObject(this.table.ids.id(c), r, this.hasMargin, this.split)));
      this.notInCalibration = this.table.size - summaries.length;
      this.check(summaries.length, this.notInCalibration);
    }
    this.finished = { summaries, stats: this.statsFor(summaries.length, this.notInCalibration) };
    return this.finished;
  }

  private statsFor(customers: number, notInCalibration: number): SummarizeStats {
    return { rows: this.rows, afterObservationEnd: this.afterEnd, zeroValueIgnored: this.zeroIgnored, customers, notInCalibration };
  }

  /** `INSUFFICIENT_DATA` when no customer has a purchase in calibration. */
  private check(customers: number, notInCalibration: number): void {
    if (customers > 0) return;
    throw new FidelisError(
      'INSUFFICIENT_DATA',
      this.rows === 0
        ? 'transactions: the input is empty'
        : `transactions: no customer has a purchase on or before the end of calibration (${this.rows} rows read, ${this.afterEnd} after observationEnd)`,
      { stats: this.statsFor(customers, notInCalibration) },
    );
  }

  /** Compute each customer's figures in order of first appearance (customers with a calibration purchase). */
  private each(visit: (row: SummaryFigures, slot: number) => void): void {
    const boundary = this.periods.index(this.calibrationEndMs);
    const endDay = this.periods.startDay(boundary);
    const counts = { below: 0, above: 0 };
    const t = this.table;
    const store = this.mode === 'store';
    const r = this.scratch;
    for (let c = 0; c < t.size; c++) {
      const first = t.first[c] as number;
      if (first === NONE_YET) continue;
      if (store) t.periods.distinct(c, boundary, counts);
      const count = store ? counts.below : (t.count[c] as number);
      const frequency = count - 1;
      const firstDay = this.periods.startDay(first);
      const units = t.units[c] as number;
      r.frequency = frequency;
      r.recency = (this.periods.startDay(t.last[c] as number) - firstDay) / this.unitDays;
      r.T = (endDay - firstDay) / this.unitDays;
      r.monetaryValue = frequency > 0 ? (units - (t.firstUnits[c] as number)) / (frequency * AMOUNT_SCALE) : 0;
      r.totalValue = units / AMOUNT_SCALE;
      r.totalMargin = this.hasMargin ? (t.marginUnits[c] as number) / AMOUNT_SCALE : 0;
      r.purchaseCount = count;
      if (this.split) {
        r.holdoutFrequency = store ? counts.above : (t.holdoutCount[c] as number);
        r.holdoutValue = (t.holdoutUnits[c] as number) / AMOUNT_SCALE;
      }
      visit(r, c);
    }
  }

  /** A transaction earlier than the customer's latest: an error, or a customer to recount. */
  private unordered(c: number, row: number): void {
    if (this.mode === 'count') this.outOfOrder(row);
    const flags = this.table.flags[c] as number;
    if ((flags & DIRTY) === 0) {
      this.table.flags[c] = flags | DIRTY;
      this.dirty.push(c);
    }
  }

  /** A row of the second pass: its period joins its customer's list if that customer is to be recounted. */
  private recountValues(customerId: string, ms: number, units: number): void {
    if (ms > this.observationEndMs || (this.ignoreZero && units === 0)) return;
    const t = this.table;
    const c = t.ids.find(customerId);
    if (c === -1 || ((t.flags[c] as number) & DIRTY) === 0) return;
    const p = this.periods.index(ms);
    t.periods.add(c, ms <= this.calibrationEndMs ? p : p + 1); // holdout above calibration (see CustomerTable.periods)
  }

  /** End of the second pass: the customers seen out of order get their distinct periods counted. */
  private settle(): void {
    if (this.dirty.length === 0) return;
    if (!this.secondPass) {
      throw new FidelisError(
        'VALIDATION_FAILED',
        `transactions: ${this.dirty.length} customer${this.dirty.length === 1 ? "'s rows" : "s' rows"} came out of time order; call beginSecondPass() and add the same input again before finish()`,
        { issues: [{ path: 'transactions', message: 'a second pass is needed' }] },
      );
    }
    const t = this.table;
    const boundary = this.periods.index(this.calibrationEndMs);
    const counts = { below: 0, above: 0 };
    for (const c of this.dirty) {
      t.periods.distinct(c, boundary, counts);
      t.count[c] = counts.below;
      t.holdoutCount[c] = counts.above;
      t.periods.clear(c);
      t.flags[c] = (t.flags[c] as number) & ~DIRTY;
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

