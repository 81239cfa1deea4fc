// The Gamma-Gamma spend model of Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value
// curves for customer base analysis", JMR 42(4), after Colombo & Jiang (1999): each purchase
// value is Gamma(p, ν) around a customer's mean p/ν, and ν ~ Gamma(q, γ) across customers.
// Spend is assumed independent of the purchase process.

import { FidelisError } from '../core/errors.js';
import { checkPositiveParams } from './model-input.js';
import { logGamma } from './special-functions.js';
import type { CustomerSummary } from './summary.js';

/**
 * Gamma-Gamma parameters: purchase values ~ Gamma(shape p, rate ν) with ν ~ Gamma(shape q,
 * rate γ). γ is in currency units.
 *
 * @example
 * ```ts
 * import type { GammaGammaParams } from 'fidelis';
 * const cdnow: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
 * ```
 */
export interface GammaGammaParams {
  /** Shape of each purchase's value distribution. */
  readonly p: number;
  /** Shape of the distribution of ν across customers. */
  readonly q: number;
  /** Rate of the distribution of ν across customers (currency units). */
  readonly gamma: number;
}

/**
 * The part of a summary the spend model reads: repeat purchases and their mean value.
 *
 * @example
 * ```ts
 * const spend: SpendSummary = { frequency: 2, monetaryValue: 22.35 };
 * ```
 */
export type SpendSummary = Pick<CustomerSummary, 'frequency' | 'monetaryValue'>;

/**
 * Log-likelihood of one repeat buyer's mean repeat value m̄ over x purchases:
 * lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄).
 *
 * @example
 * ```ts
 * import { gammaGammaLogLikelihood } from 'fidelis';
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, { frequency: 2, monetaryValue: 22.35 });
 * ```
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, summary: SpendSummary): number {
  const { p, q, gamma } = checkParams(params);
  const x = summary.frequency;
  const m = summary.monetaryValue;
  if (!(Number.isInteger(x) && x > 0 && Number.isFinite(m) && m > 0)) {
    throw new FidelisError('VALIDATION_FAILED', `gammaGammaLogLikelihood: needs a repeat buyer (frequency ≥ 1, monetaryValue > 0); got ${x}, ${m}`, {
      issues: [{ path: 'frequency', message: 'must be a positive integer with monetaryValue > 0' }],
    });
  }
  const px = p * x;
  return (
    logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(m) + px * Math.log(x) -
    (px + q) * Math.log(gamma + x * m)
  );
}

/**
 * The spend predictions of a Gamma-Gamma model.
 *
 * @example
 * ```ts
 * import { gammaGammaModel } from 'fidelis';
 * const spend = gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 });
 * spend.expectedAverageValue({ frequency: 2, monetaryValue: 22.35 }); // ≈ 24.66
 * ```
 */
export interface GammaGammaModel {
  /** The parameters. */
  readonly params: GammaGammaParams;
  /**
   * Expected value of a customer's future purchases given their history (FHL 2005, eq. 5):
   * (q−1)/(px+q−1) · γp/(q−1) + px/(px+q−1) · m̄, a weighted mean of the population mean
   * γp/(q−1) and the customer's own m̄. For a customer without repeat purchases, the population
   * mean. Throws `INSUFFICIENT_DATA` when px + q ≤ 1 (no finite mean).
   */
  expectedAverageValue(summary: SpendSummary): number;
  /** Log-likelihood of one repeat buyer's spend. */
  customerLogLikelihood(summary: SpendSummary): number;
}

/**
 * Make a {@link GammaGammaModel} from parameters (fitted or assumed).
 *
 * @example
 * ```ts
 * import { gammaGammaModel } from 'fidelis';
 * gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 }).expectedAverageValue({ frequency: 0, monetaryValue: 0 }); // γp/(q−1) ≈ 35.22
 * ```
 */
export function gammaGammaModel(params: GammaGammaParams): GammaGammaModel {
  const checked = checkParams(params);
  const { p, q, gamma } = checked;
  return {
    params: checked,
    customerLogLikelihood: (summary) => gammaGammaLogLikelihood(checked, summary),
    expectedAverageValue: (summary) => {
      const x = summary.frequency;
      const m = x > 0 ? summary.monetaryValue : 0;
      if (!(Number.isInteger(x) && x >= 0) || !(Number.isFinite(m) && m >= 0)) {
        throw new FidelisError('VALIDATION_FAILED', `expectedAverageValue: frequency must be a non-negative integer and monetaryValue a finite number ≥ 0 (got ${x}, ${m})`, {
          issues: [{ path: 'monetaryValue', message: 'must be a finite number ≥ 0' }],
        });
      }
      const denominator = p * x + q - 1;
      if (!(denominator > 0)) {
        throw new FidelisError(
          'INSUFFICIENT_DATA',
          `Gamma-Gamma with q = ${q} ≤ 1 implies an infinite mean spend for a customer with ${x} repeat purchases`,
          { p, q, gamma, frequency: x },
        );
      }
      // (q−1)/(px+q−1) · γp/(q−1) + px/(px+q−1) · m̄ = p(γ + x m̄)/(px + q − 1)
      return (p * (gamma + x * m)) / denominator;
    },
  };
}

function checkParams(params: GammaGammaParams): GammaGammaParams {
  const [p, q, gamma] = checkPositiveParams('Gamma-Gamma', params, ['p', 'q', 'gamma']) as [number, number, number];
  return { p, q, gamma };
}
