import { z } from 'zod';
import { FidelisError } from '../core/errors.js';
import { type CsvRecord, fileRecords, parseFailed } from './csv-records.js';
import { parseWith, TimeZoneName } from '../core/validation.js';
import { amountProblem, amountUnits } from './amounts.js';
import { cut } from './excerpt.js';
import type { CustomerSummary } from './summary.js';
import type { SummaryColumns } from './summary-columns.js';
import type { SummarizeOptions, SummarizeStats, Transaction } from './summarize-options.js';
import { TransactionSummarizer } from './transaction-summarizer.js';
import { createDateReader, dateProblem, TRANSACTION_DATE_FORMATS } from './transaction-dates.js';

/**
 * How to read a transaction file, as a zod schema (the type is its input).
 *
 * - `customerColumn`, `dateColumn`, `amountColumn` (defaults `customer_id`, `date`, `amount`),
 *   `marginColumn` (optional): the columns by header name;
 * - `columns`: names of the columns of a file WITHOUT a header line (then line 1 is data);
 * - `delimiter`: `'auto'` (default: `,` `;` tab or `|` when the first line has one, otherwise
 *   whitespace), `'whitespace'` (runs of spaces/tabs, leading spaces ignored: CDNOW), or one
 *   character;
 * - `decimal`: `'.'` (default) or `','` between the whole and the fractional part of amounts
 *   and margins (see {@link DecimalSeparator}); amounts come back with a `.` either way;
 * - `dateFormat` (`'auto'`, see {@link TransactionDateFormat}) and `timeZone` (`'UTC'`) for
 *   dates without an offset.
 *
 * A UTF-8 byte-order mark is skipped; quoted fields (RFC 4180) may hold the delimiter, doubled
 * quotes and line breaks. The first line may be at most {@link MAX_HEADER_LENGTH} characters.
 *
 * @example
 * ```ts
 * import { TransactionCsvOptions } from 'fidelis';
 * TransactionCsvOptions.parse({ amountColumn: 'dollar_value', dateFormat: 'yyyymmdd' });
 * TransactionCsvOptions.parse({ delimiter: ';', decimal: ',', dateFormat: 'dd.mm.yyyy' }); // an Excel export
 * ```
 */
export const TransactionCsvOptions = z.object({
  customerColumn: z.string().min(1).default('customer_id'),
  dateColumn: z.string().min(1).default('date'),
  amountColumn: z.string().min(1).default('amount'),
  marginColumn: z.string().min(1).optional(),
  columns: z.array(z.string().min(1)).min(1).optional(),
  delimiter: z.union([z.literal('auto'), z.literal('whitespace'), z.string().length(1)]).default('auto'),
  decimal: z.enum(['.', ',']).default('.'),
  dateFormat: z.enum(TRANSACTION_DATE_FORMATS).default('auto'),
  timeZone: TimeZoneName.default('UTC'),
});

/**
 * Options of {@link readTransactionsCsv} as a caller writes them.
 *
 * @example
 * ```ts
 * import type { TransactionCsvOptions } from 'fidelis';
 * const o: TransactionCsvOptions = { customerColumn: 'client', delimiter: ';', dateFormat: 'dd/mm/yyyy' };
 * ```
 */
export type TransactionCsvOptions = z.input<typeof TransactionCsvOptions>;

interface RowValues {
  customerId: string;
  ms: number;
  units: number;
  marginUnits: number | undefined;
  amountText: string;
  marginText: string | undefined;
}

type RowReader = (record: CsvRecord, into: RowValues) => void;

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'bar', whitespace: 'whitespace' };

/** A decimal-comma text with a point instead (read as usual), or "" (not a number) when it already has a point. */
function pointed(text: string): string {
  return text.includes('.') ? '' : text.replace(',', '.');
}

/** "line 3, column 2 (date)": where a field's problem is. */
function at(line: number, position: number, name: string): string {
  return `line ${line}, column ${position + 1} (${name})`;
}

/**
 * Map header names to column positions and build the converter of a record into values.
 * `delimiter` is the file's (detected or given): a short row using another one is named so.
 */
function rowReader(names: readonly string[], headerLine: number, o: z.output<typeof TransactionCsvOptions>, delimiter: string): RowReader {
  const wanted = [o.customerColumn, o.dateColumn, o.amountColumn, ...(o.marginColumn === undefined ? [] : [o.marginColumn])];
  const missing = wanted.filter((w) => !names.includes(w));
  if (missing.length > 0) {
    const shown = names.map(cut);
    throw parseFailed(
      headerLine,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (the columns are: ${shown.join(', ')}); name them with the column options`,
      { missing, columns: shown },
    );
  }
  const ci = names.indexOf(o.customerColumn);
  const di = names.indexOf(o.dateColumn);
  const ai = names.indexOf(o.amountColumn);
  const mi = o.marginColumn === undefined ? -1 : names.indexOf(o.marginColumn);
  const needed = Math.max(ci, di, ai, mi) + 1;
  const readDate = createDateReader(o.dateFormat, o.timeZone);
  const decimal = o.decimal;
  const comma = decimal === ',';
  const fieldFailed = (line: number, position: number, name: string, problem: string, value: string): FidelisError =>
    parseFailed(line, problem, { column: name, position: position + 1, value: cut(value) }, at(line, position, name));
  return ({ fields, line }, into) => {
    if (fields.length < needed) {
      const text = fields.join(delimiter === 'whitespace' ? ' ' : delimiter);
      const other = Object.keys(DELIMITER_NAMES).find((d) => d !== delimiter && d !== 'whitespace' && text.includes(d));
      const hint = other === undefined ? '' : `: the line has a ${DELIMITER_NAMES[other] ?? other} (${JSON.stringify(other)}) but the file's delimiter is ${DELIMITER_NAMES[delimiter] ?? delimiter} (${JSON.stringify(delimiter)}); mixed delimiters, or name one with the delimiter option`;
      throw parseFailed(line, `${fields.length} field${fields.length === 1 ? '' : 's'}, expected at least ${needed} (${names.slice(0, needed).join(', ')})${hint}`, {
        fields: fields.length,
        expected: needed,
        delimiter,
      });
    }
    const id = (fields[ci] as string).trim();
    if (id === '') throw fieldFailed(line, ci, o.customerColumn, 'is empty', '');
    const dateText = fields[di] as string;
    const ms = readDate(dateText);
    if (Number.isNaN(ms)) throw fieldFailed(line, di, o.dateColumn, dateProblem(dateText.trim(), o.dateFormat), dateText);
    const rawAmount = fields[ai] as string;
    const amountText = comma ? pointed(rawAmount) : rawAmount;
    const units = amountUnits(amountText, false);
    if (Number.isNaN(units)) throw fieldFailed(line, ai, o.amountColumn, amountProblem(rawAmount, false, decimal), rawAmount);
    let marginUnits: number | undefined;
    let marginText: string | undefined;
    if (mi >= 0) {
      const rawMargin = fields[mi] as string;
      if (rawMargin.trim() !== '') {
        marginText = comma ? pointed(rawMargin) : rawMargin;
        marginUnits = amountUnits(marginText, true);
        if (Number.isNaN(marginUnits)) throw fieldFailed(line, mi, o.marginColumn ?? '', amountProblem(rawMargin, true, decimal), rawMargin);
      }
    }
    into.customerId = id;
    into.ms = ms;
    into.units = units;
    into.marginUnits = marginUnits;
    into.amountText = amountText;
    into.marginText = marginText;
  };
}

/** The data records of the file, batch by batch, each with the reader of its columns. */
async function* dataBatches(source: AsyncIterable<string | Uint8Array>, o: z.output<typeof TransactionCsvOptions>): AsyncGenerator<[RowReader, CsvRecord[]]> {
  let delimiter = o.delimiter;
  let read: RowReader | undefined;
  let sawHeader = o.columns !== undefined;
  for await (const batch of fileRecords(source, o.delimiter, (d) => (delimiter = d))) {
    if (read === undefined && o.columns !== undefined) read = rowReader(o.columns, 0, o, delimiter);
    if (read === undefined) {
      const header = batch[0] as CsvRecord;
      sawHeader = true;
      read = rowReader(
        header.fields.map((f) => f.trim()),
        header.line,
        o,
        delimiter,
      );
      if (batch.length > 1) yield [read, batch.slice(1)];
      continue;
    }
    yield [read, batch];
  }
  if (!sawHeader) throw parseFailed(1, 'the file is empty (no header line)');
}

/**
 * Read transactions from a CSV or whitespace-separated file, streaming: yields one
 * {@link Transaction} per data row. A row that cannot be read is a `PARSE_FAILED` error whose
 * message and `details.line` give its line number; a missing column is named.
 *
 * Amounts and margins come back as the file's decimal text (exact); dates as `Date`s (see
 * {@link TransactionDateFormat}). Takes any async iterable of text or bytes, such as
 * `fs.createReadStream(path)`; the module itself does not touch the file system.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { readTransactionsCsv, summarizeTransactions } from 'fidelis';
 * const rows = readTransactionsCsv(createReadStream('CDNOW_master.txt'), { amountColumn: 'dollar_value' });
 * const summaries = await summarizeTransactions(rows, { observationEnd: '1998-06-30' });
 * ```
 */
export async function* readTransactionsCsv(source: AsyncIterable<string | Uint8Array>, options: TransactionCsvOptions = {}): AsyncGenerator<Transaction> {
  const o = parseWith(TransactionCsvOptions, options, 'CSV options');
  const values: RowValues = { customerId: '', ms: 0, units: 0, marginUnits: undefined, amountText: '', marginText: undefined };
  for await (const [read, batch] of dataBatches(source, o)) {
    for (const record of batch) {
      read(record, values);
      yield values.marginText === undefined
        ? { customerId: values.customerId, at: new Date(values.ms), amount: values.amountText.trim() }
        : { customerId: values.customerId, at: new Date(values.ms), amount: values.amountText.trim(), margin: values.marginText.trim() };
    }
  }
}

/**
 * Progress of a long read, given every `progressEvery` rows.
 *
 * @example
 * ```ts
 * import type { CsvProgress } from 'fidelis';
 * const onProgress = (p: CsvProgress) => console.error(`${p.rows} rows`);
 * ```
 */
export interface CsvProgress {
  /** Data rows read so far (in this pass). */
  readonly rows: number;
  /** Line number reached. */
  readonly line: number;
  /** 1, or 2 while a re-openable file is read again (see {@link CsvSource}). */
  readonly pass: 1 | 2;
}

/**
 * A transaction file for {@link summarizeTransactionsCsv}: its chunks (a Node `Readable` such as
 * `fs.createReadStream(path)`), or a function that opens it, such as
 * `() => createReadStream(path)`. Given the function, rows in any order cost memory per
 * customer only: the file is read once, and a second time only when some customer's rows are
 * out of time order (then only those customers' periods are kept). Given the chunks, with
 * `order: 'any'` every customer's purchase periods are kept while reading (one or two bytes
 * each).
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import type { CsvSource } from 'fidelis';
 * const source: CsvSource = () => createReadStream('orders.csv');
 * ```
 */
export type CsvSource = AsyncIterable<string | Uint8Array> | (() => AsyncIterable<string | Uint8Array>);

/**
 * Options of {@link summarizeTransactionsCsv}: how to summarise, how to read the file, and
 * an optional progress callback.
 *
 * @example
 * ```ts
 * import type { SummarizeCsvOptions } from 'fidelis';
 * const o: SummarizeCsvOptions = { observationEnd: '1998-06-30', csv: { amountColumn: 'dollar_value' } };
 * ```
 */
export type SummarizeCsvOptions = SummarizeOptions & {
  /** How to read the file (its `timeZone` defaults to the summary's). */
  readonly csv?: TransactionCsvOptions;
  /** Called every `progressEvery` rows (default 1,000,000). */
  readonly onProgress?: (progress: CsvProgress) => void;
  /** Rows between two progress calls. */
  readonly progressEvery?: number;
};

/**
 * Summarise a transaction file streaming, without building a transaction object per row: the
 * fast path of the CLI. Same definitions as {@link summarizeTransactions}; errors name the line
 * (`PARSE_FAILED`, `details.line`). Give a function that opens the file (see {@link CsvSource})
 * and memory grows with the number of customers only, whatever the order of the rows.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { summarizeTransactionsCsv } from 'fidelis';
 * const { summaries, stats } = await summarizeTransactionsCsv(() => createReadStream('CDNOW_master.txt'), {
 *   observationEnd: '1998-06-30',
 *   calibrationEnd: '1997-09-30',
 *   timeUnit: 'week',
 *   csv: { amountColumn: 'dollar_value', dateFormat: 'yyyymmdd' },
 * });
 * ```
 */
export async function summarizeTransactionsCsv(
  source: CsvSource,
  options: SummarizeCsvOptions,
): Promise<{ summaries: CustomerSummary[]; stats: SummarizeStats }> {
  const { summarizer, rows } = await readInto(source, options);
  return finished(rows, () => ({ summaries: summarizer.finish(), stats: summarizer.stats() }));
}

/**
 * {@link summarizeTransactionsCsv} returning {@link SummaryColumns}: the same figures in under half
 * the memory, for files of millions of customers. The reading keeps one slot per customer
 * (some 100 bytes), never the rows.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { fitBgNbd, summarizeTransactionsCsvColumns } from 'fidelis';
 * const { columns, stats } = await summarizeTransactionsCsvColumns(() => createReadStream('big.csv'), { observationEnd: '2025-12-31', timeUnit: 'week' });
 * const fit = fitBgNbd(columns);
 * ```
 */
export async function summarizeTransactionsCsvColumns(
  source: CsvSource,
  options: SummarizeCsvOptions,
): Promise<{ columns: SummaryColumns; stats: SummarizeStats }> {
  const { summarizer, rows } = await readInto(source, options);
  return finished(rows, () => ({ columns: summarizer.finishColumns(), stats: summarizer.stats() }));
}

/** The file's rows added to a new summariser: one pass, or two for a re-openable file in order 'any'. */
async function readInto(source: CsvSource, options: SummarizeCsvOptions): Promise<{ summarizer: TransactionSummarizer; rows: number }> {
  const { csv, onProgress, progressEvery, ...summarize } = options;
  let currentLine = 0;
  const describe = (): string => `line ${currentLine}`;
  const open = typeof source === 'function' ? source : undefined;
  const summarizer = open === undefined ? new TransactionSummarizer(summarize, describe) : TransactionSummarizer.forRereadableInput(summarize, describe);
  const every = progressEvery ?? 1_000_000;
  const zone = csv?.timeZone ?? summarize.timeZone;
  const o = parseWith(TransactionCsvOptions, { ...csv, ...(zone === undefined ? {} : { timeZone: zone }) }, 'CSV options');
  const v: RowValues = { customerId: '', ms: 0, units: 0, marginUnits: undefined, amountText: '', marginText: undefined };
  const pass = async (chunks: AsyncIterable<string | Uint8Array>, number: 1 | 2): Promise<number> => {
    let rows = 0;
    for await (const [read, batch] of dataBatches(chunks, o)) {
      for (const record of batch) {
        read(record, v);
        currentLine = record.line;
        summarizer.addValues(v.customerId, v.ms, v.units, v.marginUnits);
        rows++;
        if (onProgress !== undefined && rows % every === 0) onProgress({ rows, line: record.line, pass: number });
      }
    }
    return rows;
  };
  const rows = await pass(open === undefined ? (source as AsyncIterable<string | Uint8Array>) : open(), 1);
  if (open !== undefined && summarizer.beginSecondPass()) await pass(open(), 2);
  return { summarizer, rows };
}

/** The result of `finish`, an empty file named as such. */
function finished<T>(rows: number, finish: () => T): T {
  try {
    return finish();
  } catch (error) {
    if (error instanceof FidelisError && error.code === 'INSUFFICIENT_DATA' && rows === 0) {
      throw new FidelisError('INSUFFICIENT_DATA', 'transactions: the file has no data rows', error.details);
    }
    throw error;
  }
}
