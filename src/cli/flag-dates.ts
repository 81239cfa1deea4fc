// Day flags and messages in the words of the CLI's flags.
import { excerpt } from '../portfolio/excerpt.js';
import { createDateReader, formatsReading, type TransactionDateFormat } from '../portfolio/index.js';
import { flagError } from './command-errors.js';


/**
 * A day flag as `YYYY-MM-DD`: ISO always, or a date in the file's `--date-format`. Anything
 * else is refused naming the format that would read it.
 */
export function endDate(flag: string, text: string, format: TransactionDateFormat): string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(createDateReader('iso', 'UTC')(t))) return t;
  const ms = format === 'auto' || format === 'iso' ? Number.NaN : createDateReader(format, 'UTC')(t);
  if (!Number.isNaN(ms)) return new Date(ms).toISOString().slice(0, 10);
  const readers = formatsReading(t).filter((f) => f !== 'iso');
  const fix =
    readers.length === 1
      ? `; use --date-format ${readers[0] as TransactionDateFormat}`
      : readers.length > 1
        ? `; it is ambiguous (${readers.join(' or ')}): name one with --date-format`
        : '';
  throw flagError(flag, `${excerpt(t)} is not ISO (YYYY-MM-DD${format === 'auto' || format === 'iso' ? '' : ` or ${format}`})${fix}`);
}
