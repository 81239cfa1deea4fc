// Maximum-likelihood fit of the Gamma-Gamma spend model on the repeat buyers' distinct
// (x, m̄) pairs, with the analytic gradient (see gamma-gamma.ts for the likelihood):
//   ∂/∂p = x [ψ(px+q) − ψ(px) + ln m̄ + ln x − ln(γ + x m̄)]
//   ∂/∂q = ψ(px+q) − ψ(q) + ln γ − ln(γ + x m̄)
//   ∂/∂γ = q/γ − (px+q)/(γ + x m̄)

import { FidelisError } from '../core/errors.js';
import { compressSpend, type WeightedSpendTuples } from './compress.js';
import { gammaGammaModel, type GammaGammaModel, type GammaGammaParams, type SpendSummary } from './gamma-gamma.js';
import { type FitDiagnostics, maximizeLikelihood, type ModelFitOptions } from './maximum-likelihood.js';
import { groupByFrequency } from './rfm-input.js';
import { digamma, logGamma } from './special-functions.js';

/**
 * A fitted Gamma-Gamma spend model: parameters, diagnostics and `expectedAverageValue`.
 *
 * @example
 * ```ts
 * import { fitGammaGamma, type GammaGammaFit } from 'fidelis';
 * const spend: GammaGammaFit = fitGammaGamma(summaries);
 * spend.expectedAverageValue(summaries[0]);
 * ```
 */
export interface GammaGammaFit extends GammaGammaModel, FitDiagnostics<GammaGammaParams> {}

/**
 * Fit the Gamma-Gamma spend model (Fader, Hardie & Lee 2005) by maximum likelihood on the
 * repeat buyers (frequency > 0; the first purchase is not used, as in the paper). Throws
 * `INSUFFICIENT_DATA` when fewer than two customers have repeat purchases, `VALIDATION_FAILED`
 * for a repeat buyer without a positive finite monetaryValue, `FIT_FAILED` when no finite
 * optimum is reached (e.g. every customer spends exactly the same).
 *
 * @example
 * ```ts
 * import { fitGammaGamma } from 'fidelis';
 * const spend = fitGammaGamma(summaries);
 * spend.params; // { p, q, gamma }
 * ```
 */
export function fitGammaGamma(summaries: readonly SpendSummary[], options?: ModelFitOptions): GammaGammaFit {
  const tuples = compressSpend(summaries);
  let customers = 0;
  let valueSum = 0;
  for (let i = 0; i < tuples.weight.length; i++) {
    customers += tuples.weight[i] as number;
    valueSum += (tuples.weight[i] as number) * (tuples.monetaryValue[i] as number);
  }
  if (customers < 2) {
    throw new FidelisError(
      'INSUFFICIENT_DATA',
      `Gamma-Gamma: needs at least 2 customers with repeat purchases (frequency > 0), got ${customers}`,
      { repeatBuyers: customers },
    );
  }
  const { params, diagnostics } = maximizeLikelihood(
    {
      model: 'Gamma-Gamma',
      names: ['p', 'q', 'gamma'] as const,
      start: { p: 1, q: 2, gamma: valueSum / customers },
      objective: gammaGammaObjective(tuples, customers),
      customers,
      distinctTuples: tuples.weight.length,
      gradientTolerance: 1e-6,
      hessianStep: 1e-4,
    },
    options,
  );
  return { ...gammaGammaModel(params), ...diagnostics };
}

function gammaGammaObjective(
  tuples: WeightedSpendTuples,
  customers: number,
): (theta: Float64Array, gradient: Float64Array) => number {
  const { frequency, monetaryValue, weight } = tuples;
  const n = weight.length;
  // lnΓ and ψ of px and px+q depend on the customer only through x: once per distinct x.
  const { values: xs, index: xIndex } = groupByFrequency(frequency);
  const perX = new Float64Array(xs.length * 3);
  return (theta, gradient) => {
    const p = Math.exp(theta[0] as number);
    const q = Math.exp(theta[1] as number);
    const gamma = Math.exp(theta[2] as number);
    const lgQ = logGamma(q);
    const psiQ = digamma(q);
    const logGammaRate = Math.log(gamma);
    for (let k = 0; k < xs.length; k++) {
      const px = p * (xs[k] as number);
      perX[3 * k] = logGamma(px + q) - logGamma(px);
      perX[3 * k + 1] = digamma(px + q) - digamma(px);
      perX[3 * k + 2] = digamma(px + q);
    }
    let ll = 0;
    let gp = 0;
    let gq = 0;
    let gg = 0;
    for (let i = 0; i < n; i++) {
      const w = weight[i] as number;
      const x = frequency[i] as number;
      const m = monetaryValue[i] as number;
      const k = 3 * (xIndex[i] as number);
      const px = p * x;
      const logM = Math.log(m);
      const logX = Math.log(x);
      const logTotal = Math.log(gamma + x * m);
      ll += w * ((perX[k] as number) - lgQ + q * logGammaRate + (px - 1) * logM + px * logX - (px + q) * logTotal);
      gp += w * x * ((perX[k + 1] as number) + logM + logX - logTotal);
      gq += w * ((perX[k + 2] as number) - psiQ + logGammaRate - logTotal);
      gg += w * (q / gamma - (px + q) / (gamma + x * m));
    }
    gradient[0] = (-gp * p) / customers;
    gradient[1] = (-gq * q) / customers;
    gradient[2] = (-gg * gamma) / customers;
    return -ll / customers;
  };
}
