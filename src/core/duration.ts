import { FidelisError } from './errors.js';

/**
 * The parts of an ISO 8601 duration (`P1Y3M`, `P8M`, `PT2H`, `P2W`, `-P1D`). The calendar part
 * (years, months, weeks, days) is applied in local calendar terms; the time part as elapsed time.
 *
 * @example
 * ```ts
 * const d: Duration = { sign: 1, years: 1, months: 3, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
 * ```
 */
export interface Duration {
  readonly sign: 1 | -1;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION_RE =
  /^([+-])?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * True when `text` is an ISO 8601 duration fidelis understands.
 *
 * @example
 * ```ts
 * isDuration('P1Y3M'); // true
 * isDuration('1 month'); // false
 * ```
 */
export function isDuration(text: string): boolean {
  return DURATION_RE.test(text);
}

const parsed = new Map<string, Duration>();

/**
 * Parse an ISO 8601 duration; throws `INVALID_DURATION` naming `field`.
 *
 * @example
 * ```ts
 * parseDuration('P1Y3M').months; // 3
 * parseDuration('PT2H').hours;   // 2
 * ```
 */
export function parseDuration(text: string, field = 'duration'): Duration {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const m = DURATION_RE.exec(text);
  if (m === null) {
    throw new FidelisError('INVALID_DURATION', `${field}: "${text}" is not an ISO 8601 duration such as P1Y3M or PT2H`, {
      issues: [{ path: field, message: `"${text}" is not an ISO 8601 duration such as P1Y3M or PT2H` }],
    });
  }
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const d: Duration = Object.freeze({
    sign: m[1] === '-' ? -1 : 1,
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  });
  if (parsed.size < 1000) parsed.set(text, d); // programs use a handful of durations: parse each once
  return d;
}
