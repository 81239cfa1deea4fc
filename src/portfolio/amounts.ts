// Amounts of transactions, counted in whole ten-thousandths so that sums are exact integers
// whatever the order of the transactions (float sums of 0.1 + 0.2 are not).
import { excerpt } from './excerpt.js';

/** Units per currency unit: amounts are counted in ten-thousandths (finer fractions are rounded half up). */
export const AMOUNT_SCALE = 10_000;

/**
 * The largest accepted transaction amount or margin in absolute value (10^11): beyond it an
 * amount is a data error (a misplaced column, an id read as an amount), and sums of such
 * amounts in ten-thousandths would leave the range where float64 integers are exact.
 *
 * @example
 * ```ts
 * import { MAX_TRANSACTION_AMOUNT } from 'fidelis';
 * MAX_TRANSACTION_AMOUNT; // 100000000000
 * ```
 */
export const MAX_TRANSACTION_AMOUNT = 100_000_000_000;

const DECIMAL_RE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)\s*$/;
const DECIMAL_COMMA_RE = /^\s*[+-]?(?:\d+,?\d*|,\d+)\s*$/;

/**
 * The character between the whole and the fractional part of amounts in a file: `'.'`
 * (`19.99`, the default) or `','` (`19,99`, as European spreadsheets export). Thousands
 * separators are not accepted in either (`1.234,56` is an error naming the line).
 *
 * @example
 * ```ts
 * import type { DecimalSeparator } from 'fidelis';
 * const decimal: DecimalSeparator = ',';
 * ```
 */
export type DecimalSeparator = '.' | ',';

/** The number a decimal string denotes with `decimal` as separator, or NaN. */
function decimalNumber(value: string, decimal: DecimalSeparator): number {
  if (decimal === '.') return DECIMAL_RE.test(value) ? Number(value) : Number.NaN;
  return DECIMAL_COMMA_RE.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
}

/**
 * The amount in ten-thousandths, or NaN when `value` is not a decimal number (a number or a
 * decimal string such as "19.99", or "19,99" with `decimal` `','`), is negative while
 * `allowNegative` is false, or exceeds {@link MAX_TRANSACTION_AMOUNT}.
 */
export function amountUnits(value: unknown, allowNegative: boolean, decimal: DecimalSeparator = '.'): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? decimalNumber(value, decimal) : Number.NaN;
  if (!(Math.abs(n) <= MAX_TRANSACTION_AMOUNT) || (!allowNegative && n < 0)) return Number.NaN;
  return Math.round(n * AMOUNT_SCALE);
}

/** Why {@link amountUnits} refused `value`, in words. */
export function amountProblem(value: unknown, allowNegative: boolean, decimal: DecimalSeparator = '.'): string {
  const shown = typeof value === 'string' ? excerpt(value) : String(value);
  if (typeof value !== 'number' && typeof value !== 'string') return `${shown} is not a number or a decimal string`;
  const n = typeof value === 'number' ? value : decimalNumber(value, decimal);
  if (Number.isNaN(n)) {
    const other = decimal === '.' ? ',' : '.';
    const hint = typeof value === 'string' && decimalNumber(value, other) === decimalNumber(value, other) ? ` (it reads with decimal "${other}")` : '';
    return `${shown} is not a decimal number${decimal === '.' ? '' : ` with decimal "${decimal}"`}${hint}`;
  }
  if (!Number.isFinite(n)) return `${shown} is not finite`;
  if (!allowNegative && n < 0) return `${shown} is negative (net returns against their purchase, or record them as 0)`;
  return `${shown} exceeds the largest accepted amount ${MAX_TRANSACTION_AMOUNT}`;
}
