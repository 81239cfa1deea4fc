import { FidelisError } from '../core/errors.js';

/**
 * Where an axis of the portfolio splits "high" from "low": the median (default), a quantile
 * (0–1, linearly interpolated between order statistics, the R default "type 7"), or an
 * absolute value. A customer whose measure is greater than or EQUAL to the threshold is high.
 *
 * Ties: when the median or quantile falls in a block of customers with the same measure (CDNOW's
 * one-time buyers share one CLV), the block is never cut — the whole block goes to the side
 * that leaves the share of high customers closest to 1 − q (one half for the median); when
 * both sides are as close, or no customer is above the block, it is high. The threshold is then
 * the block's value (block high) or the next larger measure (block low), and
 * {@link PortfolioTies} says how many customers sit at it and on which side.
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

/**
 * The customers whose measure equals the quantile on one axis (a block of ties), and the side
 * the block went to (see {@link PortfolioThreshold}).
 *
 * @example
 * ```ts
 * import type { PortfolioTie } from 'fidelis';
 * const t: PortfolioTie = { measure: 3.7, customers: 1411, side: 'low' };
 * ```
 */
export interface PortfolioTie {
  /** The tied measure (the quantile's value). */
  readonly measure: number;
  /** Customers with exactly that measure (1 when no tie; 0 when the quantile falls between two measures or the threshold is absolute). */
  readonly customers: number;
  /** Where they went: high (≥ threshold) or low. */
  readonly side: 'high' | 'low';
}

/**
 * The ties at the thresholds of both axes.
 *
 * @example
 * ```ts
 * import type { PortfolioTies } from 'fidelis';
 * const ties: PortfolioTies = { value: { measure: 11.77, customers: 3, side: 'high' }, potential: { measure: 3.7, customers: 1411, side: 'low' } };
 * ```
 */
export interface PortfolioTies {
  /** At the value threshold. */
  readonly value: PortfolioTie;
  /** At the potential threshold. */
  readonly potential: PortfolioTie;
}

/** The first index of `sorted` whose value is > x (strictly, when `strict`) or ≥ x. */
function bound(sorted: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (strict ? v <= x : v < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A quantile split that keeps a block of equal measures together (the rule of {@link PortfolioThreshold}). */
function tieAwareSplit(values: Float64Array, q: number): { threshold: number; tie: PortfolioTie } {
  const sorted = Float64Array.from(values).sort();
  const v = quantileOfSorted(sorted, q);
  const n = sorted.length;
  const below = bound(sorted, v, false);
  const atOrBelow = bound(sorted, v, true);
  const tied = atOrBelow - below;
  if (tied <= 1 || atOrBelow === n) return { threshold: v, tie: { measure: v, customers: tied, side: 'high' } };
  const target = n * (1 - q);
  const low = Math.abs(n - atOrBelow - target) < Math.abs(n - below - target);
  return low ? { threshold: sorted[atOrBelow] as number, tie: { measure: v, customers: tied, side: 'low' } } : { threshold: v, tie: { measure: v, customers: tied, side: 'high' } };
}

/** The threshold of one axis for `values` under `rule`, with its ties; `path` names the option in errors. */
export function splitOf(values: Float64Array, rule: PortfolioThreshold, path: string): { threshold: number; tie: PortfolioTie } {
  if (rule === 'median' || 'quantile' in rule) return tieAwareSplit(values, rule === 'median' ? 0.5 : thresholdOf(values, rule, path));
  const threshold = thresholdOf(values, rule, path);
  let customers = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === threshold) customers++;
  return { threshold, tie: { measure: threshold, customers, side: 'high' } };
}

/** The quantile of a rule (checked), or the absolute threshold; `path` names the option in errors. */
function thresholdOf(values: Float64Array, rule: PortfolioThreshold, path: string): number {
  if (rule === 'median') return 0.5;
  if ('quantile' in rule) {
    if (!(rule.quantile >= 0 && rule.quantile <= 1)) {
      throw new FidelisError('VALIDATION_FAILED', `${path}.quantile: ${rule.quantile} is not between 0 and 1`, {
        issues: [{ path: `${path}.quantile`, message: 'must be between 0 and 1' }],
      });
    }
    return rule.quantile;
  }
  if (!Number.isFinite(rule.absolute)) {
    throw new FidelisError('VALIDATION_FAILED', `${path}.absolute: ${rule.absolute} is not a finite number`, {
      issues: [{ path: `${path}.absolute`, message: 'must be a finite number' }],
    });
  }
  return rule.absolute;
}
