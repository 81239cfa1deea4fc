// Compression of customer summaries to distinct tuples with weights: the models' likelihoods
// depend on a customer only through (x, t_x, T) (or (x, m̄) for spend), so a fit costs the
// number of distinct tuples, not the number of customers. A TupleTable (hashing the numbers'
// bits) keeps this at a few tens of nanoseconds a customer, with no strings.

import { type ValidationIssue, validationError } from '../core/errors.js';
import type { CustomerSummary, RfmTriple } from './summary.js';
import type { SummaryColumns } from './summary-columns.js';
import { TupleTable } from './tuple-table.js';

/**
 * Distinct (frequency, recency, T) tuples with the number of customers sharing each, as
 * column arrays. Build with {@link compressRfm}, or directly from a grouped SQL query
 * (`SELECT frequency, recency, t, count(*) … GROUP BY 1, 2, 3`).
 *
 * @example
 * ```ts
 * import { compressRfm } from 'fidelis';
 * const tuples = compressRfm([
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 2, recency: 4, T: 10 },
 * ]);
 * tuples.weight; // Float64Array [2, 1]
 * ```
 */
export interface WeightedRfmTuples {
  /** Repeat purchase periods x of each distinct tuple. */
  readonly frequency: Float64Array;
  /** Recency t_x of each distinct tuple. */
  readonly recency: Float64Array;
  /** Age T of each distinct tuple. */
  readonly T: Float64Array;
  /** Number of customers with each tuple (may be fractional for weighted data). */
  readonly weight: Float64Array;
}

/**
 * Distinct (frequency, mean repeat value) pairs of repeat buyers with weights, for the
 * Gamma-Gamma spend model.
 *
 * @example
 * ```ts
 * import { compressSpend } from 'fidelis';
 * compressSpend([{ frequency: 2, monetaryValue: 20 }, { frequency: 2, monetaryValue: 20 }]).weight; // [2]
 * ```
 */
export interface WeightedSpendTuples {
  /** Number of repeat purchases x of each distinct pair. */
  readonly frequency: Float64Array;
  /** Mean value m̄ of those repeat purchases. */
  readonly monetaryValue: Float64Array;
  /** Number of customers with each pair. */
  readonly weight: Float64Array;
}

const MAX_REPORTED_ISSUES = 20;

/**
 * The (x, t_x, T) of many customers as columns, row `i` being one customer: what
 * {@link SummaryColumns} holds, or any arrays of your own.
 *
 * @example
 * ```ts
 * import { compressRfm, type RfmColumns } from 'fidelis';
 * const cols: RfmColumns = { frequency: [1, 0], recency: [3, 0], T: [5, 5] };
 * compressRfm(cols).weight; // Float64Array [1, 1]
 * ```
 */
export interface RfmColumns {
  /** Repeat purchases x per customer. */
  readonly frequency: ArrayLike<number>;
  /** Recency t_x per customer. */
  readonly recency: ArrayLike<number>;
  /** Age T per customer. */
  readonly T: ArrayLike<number>;
}

/**
 * Validate summaries (objects, or {@link RfmColumns} such as {@link SummaryColumns}) and group
 * them into distinct (x, t_x, T) tuples with weights. Recency is
 * taken as 0 for customers without repeat purchases (it does not enter their likelihood).
 * Throws `VALIDATION_FAILED` naming each bad field (`summaries[3].recency`): frequency must be
 * a non-negative integer, recency and T finite with 0 ≤ recency ≤ T.
 *
 * @example
 * ```ts
 * import { compressRfm } from 'fidelis';
 * compressRfm([{ frequency: 1, recency: 3, T: 5 }]).frequency; // Float64Array [1]
 * ```
 */
export function compressRfm(summaries: readonly RfmTriple[] | RfmColumns): WeightedRfmTuples {
  const issues: ValidationIssue[] = [];
  const rows = Array.isArray(summaries) ? undefined : (summaries as RfmColumns);
  const list = summaries as readonly RfmTriple[];
  const n = rows === undefined ? list.length : rows.frequency.length;
  if (rows !== undefined && (rows.recency.length !== n || rows.T.length !== n)) {
    throw validationError('customer summaries', [{ path: 'summaries.recency', message: 'frequency, recency and T columns differ in length' }]);
  }
  const table = new TupleTable(3, Math.min(n, 1 << 16));
  for (let i = 0; i < n; i++) {
    const s = rows === undefined ? (list[i] as RfmTriple) : undefined;
    const x = s === undefined ? ((rows as RfmColumns).frequency[i] as number) : s.frequency;
    const T = s === undefined ? ((rows as RfmColumns).T[i] as number) : s.T;
    let t = s === undefined ? ((rows as RfmColumns).recency[i] as number) : s.recency;
    if (!(Number.isInteger(x) && x >= 0)) issue(issues, i, 'frequency', 'must be a non-negative integer', x);
    else if (!(Number.isFinite(T) && T >= 0)) issue(issues, i, 'T', 'must be a finite number ≥ 0', T);
    else if (!(Number.isFinite(t) && t >= 0 && t <= T)) issue(issues, i, 'recency', `must be a finite number in [0, T = ${T}]`, t);
    else {
      if (x === 0) t = 0;
      table.add(x, t + 0, T + 0, 0, 1);
      continue;
    }
    if (issues.length >= MAX_REPORTED_ISSUES) break;
  }
  if (issues.length > 0) throw validationError('customer summaries', issues);
  const [frequency, recency, age] = table.columns();
  return { frequency: frequency as Float64Array, recency: recency as Float64Array, T: age as Float64Array, weight: table.weights() };
}

/**
 * Validate the repeat buyers' spend and group them into distinct (x, m̄) pairs with weights;
 * customers with frequency 0 are skipped. Throws `VALIDATION_FAILED` naming each bad field:
 * frequency must be a non-negative integer and, for repeat buyers, monetaryValue a finite
 * number > 0.
 *
 * @example
 * ```ts
 * import { compressSpend } from 'fidelis';
 * compressSpend([{ frequency: 0, monetaryValue: 0 }, { frequency: 3, monetaryValue: 12.5 }]).frequency; // [3]
 * ```
 */
export function compressSpend(
  summaries: readonly Pick<CustomerSummary, 'frequency' | 'monetaryValue'>[],
): WeightedSpendTuples {
  const issues: ValidationIssue[] = [];
  const table = new TupleTable(2, Math.min(summaries.length, 1 << 16));
  for (let i = 0; i < summaries.length; i++) {
    const s = summaries[i] as Pick<CustomerSummary, 'frequency' | 'monetaryValue'>;
    const x = s.frequency;
    const m = s.monetaryValue;
    if (!(Number.isInteger(x) && x >= 0)) issue(issues, i, 'frequency', 'must be a non-negative integer', x);
    else if (x === 0) continue;
    else if (!(Number.isFinite(m) && m > 0)) issue(issues, i, 'monetaryValue', 'must be a finite number > 0 for a repeat buyer', m);
    else {
      table.add(x, m + 0, 0, 0, 1);
      continue;
    }
    if (issues.length >= MAX_REPORTED_ISSUES) break;
  }
  if (issues.length > 0) throw validationError('customer summaries', issues);
  const [frequency, monetaryValue] = table.columns();
  return { frequency: frequency as Float64Array, monetaryValue: monetaryValue as Float64Array, weight: table.weights() };
}

function issue(issues: ValidationIssue[], index: number, field: string, message: string, value: unknown): void {
  issues.push({ path: `summaries[${index}].${field}`, message: `${message} (got ${String(value)})` });
}
