// The data side of fitting a transaction model: summaries or pre-compressed tuples, checked
// for being able to support a fit at all.

import { FidelisError } from '../core/errors.js';
import { compressRfm, type RfmColumns, type WeightedRfmTuples } from './compress.js';
import type { RfmTriple } from './summary.js';

/**
 * Customer summaries (objects, or columns such as `SummaryColumns`), or the same data already
 * grouped into weighted tuples.
 *
 * @example
 * ```ts
 * import type { RfmInput } from 'fidelis';
 * const input: RfmInput = [{ frequency: 1, recency: 3, T: 5 }, { frequency: 0, recency: 0, T: 5 }];
 * ```
 */
export type RfmInput = readonly RfmTriple[] | RfmColumns | WeightedRfmTuples;

/** Compress (or check pre-compressed) input and refuse data that cannot support a fit. */
export function prepareRfm(model: string, input: RfmInput): { tuples: WeightedRfmTuples; customers: number } {
  const tuples = Array.isArray(input) || !('weight' in input) ? compressRfm(input as readonly RfmTriple[] | RfmColumns) : checkTuples(input as WeightedRfmTuples);
  let customers = 0;
  let repeatBuyers = 0;
  for (let i = 0; i < tuples.weight.length; i++) {
    const w = tuples.weight[i] as number;
    customers += w;
    if ((tuples.frequency[i] as number) > 0) repeatBuyers += w;
  }
  if (customers === 0) {
    throw new FidelisError('INSUFFICIENT_DATA', `${model}: no customers to fit`, { customers });
  }
  if (customers < 2) {
    throw new FidelisError('INSUFFICIENT_DATA', `${model}: a fit needs at least 2 customers (got ${customers})`, { customers });
  }
  if (repeatBuyers === 0) {
    throw new FidelisError(
      'INSUFFICIENT_DATA',
      `${model}: all ${customers} customers are one-time buyers (frequency 0); purchase rates and dropout cannot be told apart without repeat purchases`,
      { customers },
    );
  }
  return { tuples, customers };
}

function checkTuples(t: WeightedRfmTuples): WeightedRfmTuples {
  const n = t.weight.length;
  if (t.frequency.length !== n || t.recency.length !== n || t.T.length !== n) {
    throw new FidelisError('VALIDATION_FAILED', 'Invalid weighted tuples: frequency, recency, T and weight must have the same length', {
      issues: [{ path: 'weight', message: 'length differs from the other columns' }],
    });
  }
  for (let i = 0; i < n; i++) {
    const x = t.frequency[i] as number;
    const r = t.recency[i] as number;
    const T = t.T[i] as number;
    const w = t.weight[i] as number;
    const bad =
      !(Number.isInteger(x) && x >= 0) ? ['frequency', 'must be a non-negative integer', x]
      : !(Number.isFinite(T) && T >= 0) ? ['T', 'must be a finite number ≥ 0', T]
      : !(Number.isFinite(r) && r >= 0 && r <= T) ? ['recency', `must be a finite number in [0, T = ${T}]`, r]
      : !(Number.isFinite(w) && w >= 0) ? ['weight', 'must be a finite number ≥ 0', w]
      : undefined;
    if (bad !== undefined) {
      const path = `tuples.${String(bad[0])}[${i}]`;
      throw new FidelisError('VALIDATION_FAILED', `Invalid weighted tuples: ${path}: ${String(bad[1])} (got ${String(bad[2])})`, {
        issues: [{ path, message: String(bad[1]) }],
      });
    }
  }
  return t;
}

/** The distinct frequencies of the tuples and, for each tuple, the index of its frequency. */
export function groupByFrequency(frequency: Float64Array): { values: number[]; index: Int32Array } {
  const values: number[] = [];
  const index = new Int32Array(frequency.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i] as number;
    let k = seen.get(x);
    if (k === undefined) {
      k = values.length;
      seen.set(x, k);
      values.push(x);
    }
    index[i] = k;
  }
  return { values, index };
}

/** The customers' mean age T: a scale-aware starting value for α and β (rates start near one purchase per lifetime). */
export function meanAge(tuples: WeightedRfmTuples, customers: number): number {
  let s = 0;
  for (let i = 0; i < tuples.weight.length; i++) s += (tuples.weight[i] as number) * (tuples.T[i] as number);
  return Math.max(s / customers, 1e-6);
}
