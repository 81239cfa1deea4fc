import { excerpt } from './excerpt.js';
import { isValidLocalDate, localDateTime } from '../core/time.js';

/**
 * How dates are written in a transaction file.
 *
 * - `auto` (default): `yyyymmdd` when the value is 8 digits, `iso` when it starts `YYYY-`;
 * - `iso`: `2026-03-01`, `2026-03-01T10:15:00`, `2026-03-01 10:15`, with or without an offset
 *   (`Z`, `+01:00`);
 * - `yyyymmdd`: `20260301` (CDNOW);
 * - `dd/mm/yyyy`, `mm/dd/yyyy`, `dd.mm.yyyy`: day-first or month-first dates.
 *
 * Values without an offset are local to the reader's time zone; a date without a time is
 * read as noon of that local day (only its day matters to a summary).
 *
 * @example
 * ```ts
 * import type { TransactionDateFormat } from 'fidelis';
 * const f: TransactionDateFormat = 'yyyymmdd';
 * ```
 */
export type TransactionDateFormat = 'auto' | 'iso' | 'yyyymmdd' | 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'dd.mm.yyyy';

/**
 * The date formats a transaction file may use (see {@link TransactionDateFormat}).
 *
 * @example
 * ```ts
 * import { TRANSACTION_DATE_FORMATS } from 'fidelis';
 * TRANSACTION_DATE_FORMATS.includes('yyyymmdd'); // true
 * ```
 */
export const TRANSACTION_DATE_FORMATS = ['auto', 'iso', 'yyyymmdd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd.mm.yyyy'] as const satisfies readonly TransactionDateFormat[];

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const YYYYMMDD_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SLASH_RE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;
const CACHE_LIMIT = 100_000;

/**
 * A parser of date texts into epoch milliseconds (NaN when the text is not a date in
 * `format`). Date-only values are cached, so a file with millions of rows over a few thousand
 * days converts each day once.
 *
 * @example
 * ```ts
 * import { createDateReader } from 'fidelis';
 * const read = createDateReader('yyyymmdd', 'UTC');
 * new Date(read('19970101')).toISOString(); // '1997-01-01T12:00:00.000Z'
 * Number.isNaN(read('19971301')); // true
 * ```
 */
export function createDateReader(format: TransactionDateFormat, timeZone: string): (text: string) => number {
  const utc = timeZone === 'UTC';
  const cache = new Map<string, number>();
  const local = (year: number, month: number, day: number, hour = 12, minute = 0, second = 0, ms = 0): number => {
    if (!isValidLocalDate({ year, month, day }) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
    if (utc) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    return localDateTime({ year, month, day, hour, minute, second }, timeZone).getTime() + ms;
  };
  const iso = (text: string): number => {
    const m = ISO_RE.exec(text);
    if (m === null) return Number.NaN;
    const [, y, mo, d, h, mi, s, frac, offset] = m;
    if (h === undefined) return local(Number(y), Number(mo), Number(d));
    const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
    if (offset === undefined) return local(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
    if (!isValidLocalDate({ year: Number(y), month: Number(mo), day: Number(d) })) return Number.NaN;
    const normalised = offset === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
    return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}.${String(ms).padStart(3, '0')}${normalised}`);
  };
  const compact = (text: string): number => {
    const m = YYYYMMDD_RE.exec(text);
    return m === null ? Number.NaN : local(Number(m[1]), Number(m[2]), Number(m[3]));
  };
  const slashed = (text: string, dayFirst: boolean): number => {
    const m = SLASH_RE.exec(text);
    if (m === null) return Number.NaN;
    const a = Number(m[1]);
    const b = Number(m[2]);
    return local(Number(m[3]), dayFirst ? b : a, dayFirst ? a : b);
  };
  const parse = (text: string): number => {
    switch (format) {
      case 'iso':
        return iso(text);
      case 'yyyymmdd':
        return compact(text);
      case 'dd/mm/yyyy':
      case 'dd.mm.yyyy':
        return slashed(text, true);
      case 'mm/dd/yyyy':
        return slashed(text, false);
      case 'auto':
        return text.length === 8 ? compact(text) : iso(text);
    }
  };
  return (raw) => {
    const text = raw.trim();
    let ms = cache.get(text);
    if (ms !== undefined) return ms;
    ms = parse(text);
    if (text.length <= 10) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(text, ms);
    }
    return ms;
  };
}

/**
 * An example of each date format, as error messages show what was expected.
 *
 * @example
 * ```ts
 * import { DATE_FORMAT_EXAMPLES } from 'fidelis';
 * DATE_FORMAT_EXAMPLES['dd.mm.yyyy']; // '31.12.2026'
 * ```
 */
export const DATE_FORMAT_EXAMPLES: Readonly<Record<TransactionDateFormat, string>> = {
  auto: '2026-12-31 or 20261231',
  iso: '2026-12-31',
  yyyymmdd: '20261231',
  'dd/mm/yyyy': '31/12/2026',
  'mm/dd/yyyy': '12/31/2026',
  'dd.mm.yyyy': '31.12.2026',
};

/**
 * The explicit formats (not `auto`) that read `text` as a valid date, in the order of
 * {@link TRANSACTION_DATE_FORMATS}. `01/02/1997` gives both `dd/mm/yyyy` and `mm/dd/yyyy`: such
 * a file must name its format, it is never guessed.
 *
 * @example
 * ```ts
 * import { formatsReading } from 'fidelis';
 * formatsReading('01.01.1997'); // ['dd.mm.yyyy']
 * formatsReading('13/01/1997'); // ['dd/mm/yyyy']
 * ```
 */
export function formatsReading(text: string): TransactionDateFormat[] {
  const t = text.trim();
  return TRANSACTION_DATE_FORMATS.filter((f) => {
    if (f === 'auto') return false;
    // The slash and dot forms share one pattern: a format names its separator.
    if ((f === 'dd.mm.yyyy') !== t.includes('.') && f !== 'iso' && f !== 'yyyymmdd') return false;
    return !Number.isNaN(createDateReader(f, 'UTC')(t));
  });
}

/**
 * Why `text` is not a date in `format`, in words: the expected form by example, and the
 * formats that would read it (`01.01.1997 is not iso (e.g. 2026-12-31); it reads as dd.mm.yyyy`).
 * `option` names how the caller chooses a format (`dateFormat`, or the CLI's `--date-format`).
 *
 * @example
 * ```ts
 * import { dateProblem } from 'fidelis';
 * dateProblem('01.01.1997', 'iso', '--date-format');
 * // '"01.01.1997" is not a date in format iso (e.g. 2026-12-31); use --date-format dd.mm.yyyy'
 * ```
 */
export function dateProblem(text: string, format: TransactionDateFormat, option = 'dateFormat'): string {
  const base = `${excerpt(text)} is not a date in format ${format} (e.g. ${DATE_FORMAT_EXAMPLES[format]})`;
  const readers = formatsReading(text);
  if (readers.length === 0) return base;
  if (readers.length > 1) return `${base}; it is ambiguous (${readers.join(' or ')}): name one with ${option}`;
  return `${base}; use ${option} ${readers[0] as TransactionDateFormat}`;
}
