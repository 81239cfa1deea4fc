import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import { isValidLocalDate } from '../core/time.js';
import type { Operator } from './condition.js';
import type { FactType } from './facts.js';

/** A scalar after normalisation: money in minor units, dates as strings, numbers as numbers. */
type Scalar = string | number | boolean | null;

/**
 * The operators each fact type accepts.
 *
 * @example
 * ```ts
 * OPERATORS_BY_TYPE.strings; // ['contains', 'doesNotContain', 'in', 'notIn']
 * ```
 */
export const OPERATORS_BY_TYPE: Readonly<Record<FactType, readonly Operator[]>> = (() => {
  const ordered: Operator[] = ['equal', 'notEqual', 'in', 'notIn', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'between'];
  return {
    money: ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'between'],
    integer: ordered,
    number: ordered,
    weekday: ordered,
    hour: ordered,
    date: ordered,
    monthDay: ordered,
    time: ordered,
    attribute: ordered,
    string: ['equal', 'notEqual', 'in', 'notIn'],
    strings: ['contains', 'doesNotContain', 'in', 'notIn'],
    boolean: ['equal', 'notEqual'],
  };
})();

/** A problem with a value, relative to the condition's path. */
interface ValueProblem {
  readonly message: string;
}

/** Types whose `between` may wrap around (22:00–02:00, Saturday–Monday, 12-20 → 01-10). */
const CYCLIC: ReadonlySet<FactType> = new Set(['weekday', 'hour', 'time', 'monthDay']);

const MONTH_DAY_RE = /^(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function scalar(type: FactType, raw: unknown, exponent: number, currency: string): Scalar | ValueProblem {
  switch (type) {
    case 'money': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { message: `must be a decimal amount such as "50.00" (${currency})` };
      const n = decimalToMinorUnits(String(raw).trim(), exponent);
      if (n === undefined) {
        return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(String(raw).trim())
          ? { message: `${String(raw)} has more than ${exponent} decimals for ${currency}` }
          : { message: `"${String(raw)}" is not a decimal amount such as "50.00"` };
      }
      return n;
    }
    case 'integer':
      return Number.isSafeInteger(raw) ? (raw as number) : { message: `${JSON.stringify(raw)} is not a whole number` };
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : { message: `${JSON.stringify(raw)} is not a number` };
    case 'weekday':
      return Number.isInteger(raw) && (raw as number) >= 1 && (raw as number) <= 7
        ? (raw as number)
        : { message: `${JSON.stringify(raw)} is not an ISO weekday 1 (Monday) … 7 (Sunday)` };
    case 'hour':
      return Number.isInteger(raw) && (raw as number) >= 0 && (raw as number) <= 23
        ? (raw as number)
        : { message: `${JSON.stringify(raw)} is not an hour 0–23` };
    case 'date': {
      const m = typeof raw === 'string' ? DATE_RE.exec(raw) : null;
      return m !== null && isValidLocalDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) })
        ? (raw as string)
        : { message: `${JSON.stringify(raw)} is not a calendar date YYYY-MM-DD` };
    }
    case 'monthDay': {
      const m = typeof raw === 'string' ? MONTH_DAY_RE.exec(raw) : null;
      return m !== null && isValidLocalDate({ year: 2024, month: Number(m[1]), day: Number(m[2]) })
        ? (raw as string)
        : { message: `${JSON.stringify(raw)} is not a month-day MM-DD` };
    }
    case 'time':
      return typeof raw === 'string' && TIME_RE.test(raw) ? raw : { message: `${JSON.stringify(raw)} is not a local time HH:MM` };
    case 'string':
    case 'strings':
      return typeof raw === 'string' ? raw : { message: `${JSON.stringify(raw)} is not a string` };
    case 'boolean':
      return typeof raw === 'boolean' ? raw : { message: `${JSON.stringify(raw)} is not true or false` };
    case 'attribute':
      return raw === null || ['string', 'number', 'boolean'].includes(typeof raw)
        ? (raw as Scalar)
        : { message: `${JSON.stringify(raw)} is not a string, number, boolean or null` };
  }
}

/**
 * A compiled comparison: the predicate over the fact's run-time value, and the expected value
 * rendered for people.
 *
 * @example
 * ```ts
 * const c = compileComparison('money', 'greaterThanInclusive', '50.00', 'EUR', 2);
 * if ('test' in c) c.test(5000); // true
 * ```
 */
export interface Comparison {
  /** True when the actual value satisfies the operator. */
  readonly test: (actual: unknown) => boolean;
  /** The expected value for people, e.g. `50.00 EUR`, `[6, 7]`. */
  readonly expected: string;
  /** For the common operators: the predicate fused with the fact's getter (one call less per test). */
  readonly fuse?: <S, L>(get: (s: S, l: L) => unknown) => (s: S, l: L) => boolean;
}

/**
 * Render a fact's run-time value for people (money as `49.99 EUR`).
 *
 * @example
 * ```ts
 * displayValue('money', 4999, 'EUR', 2); // '49.99 EUR'
 * displayValue('strings', ['tea', 'bio'], 'EUR', 2); // '["tea","bio"]'
 * ```
 */
export function displayValue(type: FactType, value: unknown, currency: string, exponent: number): string {
  if (type === 'money' && typeof value === 'number') return `${minorUnitsToDecimal(value, exponent)} ${currency}`;
  return JSON.stringify(value) ?? 'undefined';
}

function expectedText(type: FactType, v: Scalar | readonly Scalar[], currency: string, exponent: number): string {
  if (Array.isArray(v)) return `[${v.map((x) => displayValue(type, x, currency, exponent)).join(', ')}]`;
  return displayValue(type, v, currency, exponent);
}

/**
 * `get(s, l) ∈ values`, fused with the getter: one or two values compare with `===`, longer
 * lists of strings or numbers use a Set. Same semantics as `values.includes` (SameValueZero;
 * values are never NaN).
 */
function fuseIn(values: readonly Scalar[]): NonNullable<Comparison['fuse']> {
  const [a, b] = values;
  if (values.length === 1) return (get) => (s, l) => get(s, l) === a;
  if (values.length === 2) return (get) => (s, l) => {
    const x = get(s, l);
    return x === a || x === b;
  };
  const set = new Set<unknown>(values);
  return (get) => (s, l) => set.has(get(s, l));
}

/**
 * Check and compile `operator value` for a fact type: the value is normalised once (money to
 * minor units of `currency`), and the returned predicate compares exactly, without floats.
 * Returns a problem (relative to the condition) when the operator or value does not fit the type.
 *
 * @example
 * ```ts
 * const c = compileComparison('weekday', 'in', [6, 7], 'EUR', 2);
 * if ('test' in c) c.test(6); // true
 * compileComparison('strings', 'lessThan', 'x', 'EUR', 2); // { field: 'operator', message: ... }
 * ```
 */
export function compileComparison(
  type: FactType,
  operator: Operator,
  raw: unknown,
  currency: string,
  exponent: number,
): Comparison | { readonly field: 'operator' | 'value'; readonly message: string } {
  const allowed = OPERATORS_BY_TYPE[type];
  if (!allowed.includes(operator)) {
    return { field: 'operator', message: `"${operator}" does not apply to a ${type} fact; use one of ${allowed.join(', ')}` };
  }
  const one = (x: unknown): Scalar | ValueProblem => scalar(type, x, exponent, currency);
  const isProblem = (x: Scalar | ValueProblem): x is ValueProblem => x !== null && typeof x === 'object';
  const list = (): readonly Scalar[] | ValueProblem => {
    if (!Array.isArray(raw)) return { message: `${operator} needs a list of values` };
    const out: Scalar[] = [];
    for (let i = 0; i < raw.length; i++) {
      const v = one(raw[i]);
      if (isProblem(v)) return { message: `[${i}]: ${v.message}` };
      out.push(v);
    }
    return out;
  };
  if (operator === 'in' || operator === 'notIn') {
    const values = list();
    if (!Array.isArray(values)) return { field: 'value', message: (values as ValueProblem).message };
    const expected = expectedText(type, values, currency, exponent);
    const hit =
      type === 'strings'
        ? (a: unknown): boolean => (a as readonly string[]).some((x) => values.includes(x))
        : (a: unknown): boolean => values.includes(a as Scalar);
    if (operator === 'in' && type !== 'strings') return { test: hit, expected, fuse: fuseIn(values) };
    return { test: operator === 'in' ? hit : (a) => !hit(a), expected };
  }
  if (operator === 'between') {
    const values = list();
    if (!Array.isArray(values)) return { field: 'value', message: (values as ValueProblem).message };
    if (values.length !== 2) return { field: 'value', message: 'between needs exactly two values [low, high] (both included)' };
    // Strings (dates, times) compare lexicographically, which is their chronological order.
    const lo = values[0] as number;
    const hi = values[1] as number;
    const numeric = type === 'attribute';
    if (numeric && (typeof lo !== 'number' || typeof hi !== 'number')) return { field: 'value', message: 'between on an attribute needs two numbers' };
    const wraps = lo > hi;
    if (wraps && !CYCLIC.has(type)) return { field: 'value', message: `between: low ${JSON.stringify(lo)} is above high ${JSON.stringify(hi)}` };
    const expected = `${displayValue(type, lo, currency, exponent)} and ${displayValue(type, hi, currency, exponent)}${wraps ? ' (wrapping around)' : ''}`;
    const guard = numeric ? (a: unknown): boolean => typeof a === 'number' : (): boolean => true;
    return wraps
      ? { test: (a) => guard(a) && ((a as number) >= lo || (a as number) <= hi), expected }
      : { test: (a) => guard(a) && (a as number) >= lo && (a as number) <= hi, expected };
  }
  const v = one(raw);
  if (isProblem(v)) return { field: 'value', message: v.message };
  const expected = expectedText(type, v, currency, exponent);
  switch (operator) {
    case 'equal':
      return { test: (a) => a === v, expected, fuse: (get) => (s, l) => get(s, l) === v };
    case 'notEqual':
      return { test: (a) => a !== v, expected, fuse: (get) => (s, l) => get(s, l) !== v };
    case 'contains':
      return { test: (a) => (a as readonly Scalar[]).includes(v), expected, fuse: (get) => (s, l) => (get(s, l) as readonly Scalar[]).includes(v) };
    case 'doesNotContain':
      return { test: (a) => !(a as readonly Scalar[]).includes(v), expected };
    default: {
      if (v === null || typeof v === 'boolean' || (type === 'attribute' && typeof v !== 'number')) {
        return { field: 'value', message: `${operator} needs a number` };
      }
      const guard = type === 'attribute';
      const x = v as number;
      if (guard) {
        switch (operator) {
          case 'lessThan':
            return { test: (a) => typeof a === 'number' && a < x, expected };
          case 'lessThanInclusive':
            return { test: (a) => typeof a === 'number' && a <= x, expected };
          case 'greaterThan':
            return { test: (a) => typeof a === 'number' && a > x, expected };
          default:
            return { test: (a) => typeof a === 'number' && a >= x, expected };
        }
      }
      switch (operator) {
        case 'lessThan':
          return { test: (a) => (a as number) < x, expected, fuse: (get) => (s, l) => (get(s, l) as number) < x };
        case 'lessThanInclusive':
          return { test: (a) => (a as number) <= x, expected, fuse: (get) => (s, l) => (get(s, l) as number) <= x };
        case 'greaterThan':
          return { test: (a) => (a as number) > x, expected, fuse: (get) => (s, l) => (get(s, l) as number) > x };
        default:
          return { test: (a) => (a as number) >= x, expected, fuse: (get) => (s, l) => (get(s, l) as number) >= x };
      }
    }
  }
}

/**
 * How an operator reads in a sentence (`greaterThanInclusive` → `at least`).
 *
 * @example
 * ```ts
 * OPERATOR_PHRASES.between; // 'between'
 * ```
 */
export const OPERATOR_PHRASES: Readonly<Record<Operator, string>> = {
  equal: 'equal to',
  notEqual: 'different from',
  in: 'one of',
  notIn: 'none of',
  contains: 'containing',
  doesNotContain: 'not containing',
  lessThan: 'less than',
  lessThanInclusive: 'at most',
  greaterThan: 'more than',
  greaterThanInclusive: 'at least',
  between: 'between',
};
