// Checks of the numbers handed to a model (parameters, horizons), shared by the models.

import { FidelisError } from '../core/errors.js';

/** The named parameters, each checked finite and > 0, in the given order; throws VALIDATION_FAILED naming the first bad one. */
export function checkPositiveParams<K extends string>(
  model: string,
  params: Readonly<Record<K, number>>,
  names: readonly K[],
): number[] {
  return names.map((key) => {
    const v = params[key];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new FidelisError('VALIDATION_FAILED', `Invalid ${model} parameters: ${key}: must be a finite number > 0 (got ${String(v)})`, {
        issues: [{ path: key, message: 'must be a finite number > 0' }],
      });
    }
    return v;
  });
}

/** A forecast horizon t, checked finite and ≥ 0. */
export function checkHorizon(t: number): number {
  if (!(Number.isFinite(t) && t >= 0)) {
    throw new FidelisError('VALIDATION_FAILED', `Invalid horizon t: must be a finite number ≥ 0 (got ${t})`, {
      issues: [{ path: 't', message: 'must be a finite number ≥ 0' }],
    });
  }
  return t;
}

/** A purchase count n, checked a non-negative integer. */
export function checkCount(n: number): number {
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new FidelisError('VALIDATION_FAILED', `Invalid purchase count n: must be a non-negative integer (got ${n})`, {
      issues: [{ path: 'n', message: 'must be a non-negative integer' }],
    });
  }
  return n;
}

/** Throw VALIDATION_FAILED for one bad option of `what` (e.g. 'simulation'). */
export function invalidOption(what: string, path: string, message: string, value: unknown): never {
  throw new FidelisError('VALIDATION_FAILED', `Invalid ${what} options: ${path}: ${message} (got ${String(value)})`, {
    issues: [{ path, message }],
  });
}

/** A customer's (x, t_x, T), checked: x a non-negative integer, 0 ≤ t_x ≤ T finite. */
export function checkTriple<S extends { readonly frequency: number; readonly recency: number; readonly T: number }>(summary: S): S {
  const { frequency: x, recency: t, T } = summary;
  const bad =
    !(Number.isInteger(x) && x >= 0) ? ['frequency', 'must be a non-negative integer', x]
    : !(Number.isFinite(T) && T >= 0) ? ['T', 'must be a finite number ≥ 0', T]
    : !(Number.isFinite(t) && t >= 0 && t <= T) ? ['recency', `must be a finite number in [0, T = ${T}]`, t]
    : undefined;
  if (bad !== undefined) invalidOption('customer summary', String(bad[0]), String(bad[1]), bad[2]);
  return summary;
}
