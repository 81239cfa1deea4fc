import { z } from 'zod';
import { currencyExponent, isCurrency } from './currency.js';
import { type ValidationIssue, validationError } from './errors.js';
import { isTimeZone } from './time.js';

/**
 * Format a zod/JSON path as fidelis writes it: `earnRules[2].conditions.all[0].operator`.
 *
 * @example
 * ```ts
 * formatPath(['lines', 0, 'quantity']); // 'lines[0].quantity'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Convert zod issues to fidelis {@link ValidationIssue}s, prefixing each path with `prefix`.
 *
 * @example
 * ```ts
 * const r = z.object({ a: z.number() }).safeParse({ a: 'x' });
 * if (!r.success) zodIssues(r.error, 'order'); // [{ path: 'order.a', message: '...' }]
 * ```
 */
export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/**
 * Parse `input` with a zod schema; on failure throw one `VALIDATION_FAILED` error listing
 * every problem with its path. `crossCheck` adds problems that involve several fields (a price
 * too precise for the order's currency); it runs on the raw input even when the schema failed,
 * so all problems of one input are reported at once.
 *
 * @example
 * ```ts
 * const Point = z.object({ x: z.number(), y: z.number() });
 * parseWith(Point, { x: 1, y: 2 }, 'point'); // { x: 1, y: 2 }
 * parseWith(Point, { x: 'a' }, 'point'); // throws VALIDATION_FAILED listing x and y
 * ```
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  crossCheck?: (raw: unknown) => ValidationIssue[],
): z.output<S> {
  const result = schema.safeParse(input);
  const issues = result.success ? [] : zodIssues(result.error);
  const extra = crossCheck === undefined ? [] : crossCheck(input);
  for (const issue of extra) {
    if (!issues.some((i) => i.path === issue.path && i.message === issue.message)) issues.push(issue);
  }
  if (issues.length > 0 || !result.success) throw validationError(what, issues);
  return result.data;
}

/**
 * A decimal amount as a string (`"19.99"`) or a finite number; the parsed value is the
 * normalised decimal string. Precision against a currency is checked by {@link amountPrecisionIssues}.
 *
 * @example
 * ```ts
 * DecimalString.parse(19.9); // '19.9'
 * ```
 */
export const DecimalString = z
  .union([
    z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, 'must be a decimal number such as "19.99"'),
    z.number().refine(Number.isFinite, 'must be a finite number'),
  ])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .describe('decimal amount as a string ("19.99") or a number');

/**
 * A non-negative decimal amount.
 *
 * @example
 * ```ts
 * NonNegativeDecimalString.parse('0.00'); // '0.00'
 * ```
 */
export const NonNegativeDecimalString = DecimalString.refine((v) => !v.startsWith('-'), 'must not be negative');

/**
 * An ISO 4217 currency code known to `Intl`.
 *
 * @example
 * ```ts
 * CurrencyCode.parse('EUR'); // 'EUR'
 * ```
 */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'is not an ISO 4217 currency code')
  .refine(isCurrency, { message: 'is not an ISO 4217 currency code' })
  .describe('ISO 4217 currency code, e.g. EUR, JPY, KWD');

/**
 * An IANA time zone name.
 *
 * @example
 * ```ts
 * TimeZoneName.parse('Asia/Tokyo'); // 'Asia/Tokyo'
 * ```
 */
export const TimeZoneName = z
  .string()
  .refine(isTimeZone, { message: 'is not an IANA time zone' })
  .describe('IANA time zone, e.g. Europe/Paris');

/**
 * An instant: an ISO 8601 date-time with offset (`2026-03-01T09:00:00+01:00`) or a `Date`.
 * Parsed to a `Date`.
 *
 * @example
 * ```ts
 * Instant.parse('2026-03-01T09:00:00Z') instanceof Date; // true
 * ```
 */
export const Instant = z
  .union([z.iso.datetime({ offset: true }), z.date()])
  .transform((v) => (typeof v === 'string' ? new Date(v) : v))
  .refine((d) => !Number.isNaN(d.getTime()), 'is not a valid instant')
  .describe('ISO 8601 date-time with offset, e.g. 2026-03-01T09:00:00+01:00');

/**
 * A calendar date `YYYY-MM-DD` (no time, no zone).
 *
 * @example
 * ```ts
 * LocalDateString.parse('2024-02-29'); // '2024-02-29'
 * ```
 */
export const LocalDateString = z.iso.date().describe('calendar date YYYY-MM-DD');

/**
 * Problems of amounts that have more decimals than `currency` allows; `amounts` pairs each
 * raw value with its path. Unknown currencies and non-decimal values are left to the schema.
 *
 * @example
 * ```ts
 * amountPrecisionIssues('EUR', [[['lines', 0, 'unitPrice'], '1.005']]);
 * // [{ path: 'lines[0].unitPrice', message: '1.005 has more than 2 decimals for EUR' }]
 * ```
 */
export function amountPrecisionIssues(
  currency: unknown,
  amounts: ReadonlyArray<readonly [readonly PropertyKey[], unknown]>,
): ValidationIssue[] {
  if (typeof currency !== 'string' || !isCurrency(currency)) return [];
  const exponent = currencyExponent(currency);
  const issues: ValidationIssue[] = [];
  for (const [path, raw] of amounts) {
    const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
    const m = text === undefined ? null : /^[+-]?\d*(?:\.(\d*))?$/.exec(text);
    if (m === null) continue;
    const decimals = (m[1] ?? '').replace(/0+$/, '').length;
    if (decimals > exponent) {
      issues.push({ path: formatPath(path), message: `${text} has more than ${exponent} decimals for ${currency}` });
    }
  }
  return issues;
}
