import { FidelisError } from '../core/errors.js';

/**
 * Where an axis of the portfolio splits "high" from "low": the median (default), a quantile
 * (0–1, linearly interpolated between order statistics, the R default "type 7"), or an
 * absolute value. A customer whose measure is greater than or EQUAL to the threshold is high.
 *
 * @example
 * ```ts
 * import type { PortfolioThreshold } from 'fidelis';
 * const t: PortfolioThreshold = { quantile: 0.8 }; // the top fifth is "high"
 * ```
 */
export type PortfolioThreshold = 'median' | { readonly quantile: number } | { readonly absolute: number };

/**
 * The `q`-quantile of `values` (0 ≤ q ≤ 1) by linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's default): h = (n − 1)·q, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 * The median (q = 0.5) of an even count is the mean of the two middle values.
 *
 * @example
 * ```ts
 * import { quantile } from 'fidelis';
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 * quantile([1, 2, 3, 4], 0.75); // 3.25
 * ```
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new FidelisError('INSUFFICIENT_DATA', 'quantile: no values', {});
  if (!(q >= 0 && q <= 1)) {
    throw new FidelisError('VALIDATION_FAILED', `quantile: ${q} is not between 0 and 1`, { issues: [{ path: 'quantile', message: 'must be between 0 and 1' }] });
  }
  const sorted = Float64Array.from(values).sort();
  return quantileOfSorted(sorted, q);
}

function quantileOfSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= sorted.length) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

/** The threshold of one axis for `values` under `rule`; `path` names the option in errors. */
export function thresholdOf(values: Float64Array, rule: PortfolioThreshold, path: string): number {
  if (rule === 'median') return quantileOfSorted(Float64Array.from(values).sort(), 0.5);
  if ('quantile' in rule) {
    if (!(rule.quantile >= 0 && rule.quantile <= 1)) {
      throw new FidelisError('VALIDATION_FAILED', `${path}.quantile: ${rule.quantile} is not between 0 and 1`, {
        issues: [{ path: `${path}.quantile`, message: 'must be between 0 and 1' }],
      });
    }
    return quantileOfSorted(Float64Array.from(values).sort(), rule.quantile);
  }
  if (!Number.isFinite(rule.absolute)) {
    throw new FidelisError('VALIDATION_FAILED', `${path}.absolute: ${rule.absolute} is not a finite number`, {
      issues: [{ path: `${path}.absolute`, message: 'must be a finite number' }],
    });
  }
  return rule.absolute;
}
