// Maximum-likelihood fit of BG/NBD on weighted (x, t_x, T) tuples (objective in bg-nbd-objective.ts).

import { bgNbdModel, type BgNbdParams } from './bg-nbd.js';
import { type FitDiagnostics, maximizeLikelihood, type ModelFitOptions } from './maximum-likelihood.js';
import { meanAge, prepareRfm, type RfmInput } from './rfm-input.js';
import { bgNbdObjective } from './bg-nbd-objective.js';
import type { TransactionModel } from './transaction-model.js';

/**
 * A fitted BG/NBD model: parameters, diagnostics and predictions.
 *
 * @example
 * ```ts
 * import { fitBgNbd, type BgNbdFit } from 'fidelis';
 * const fit: BgNbdFit = fitBgNbd(summaries);
 * console.log(fit.params, fit.logLikelihood, fit.standardErrors);
 * ```
 */
export interface BgNbdFit extends TransactionModel, FitDiagnostics<BgNbdParams> {
  /** The maximum-likelihood parameters. */
  readonly params: BgNbdParams;
}

/**
 * Fit BG/NBD (Fader, Hardie & Lee 2005) by maximum likelihood. Summaries are grouped into
 * distinct (frequency, recency, T) tuples first (or pass {@link WeightedRfmTuples}); BFGS runs
 * in log-parameters with the analytic gradient. Throws `INSUFFICIENT_DATA` for no customers,
 * one customer or no repeat buyers, `VALIDATION_FAILED` for bad summaries, `FIT_FAILED` when
 * no finite optimum is reached.
 *
 * @example
 * ```ts
 * import { fitBgNbd } from 'fidelis';
 * const fit = fitBgNbd(summaries); // summaries in weeks, e.g. from summarizeTransactions
 * fit.params; // { r, alpha, a, b }
 * fit.expectedPurchases(52, summaries[0]); // purchases expected in the next year
 * ```
 */
export function fitBgNbd(summaries: RfmInput, options?: ModelFitOptions): BgNbdFit {
  const { tuples, customers } = prepareRfm('BG/NBD', summaries);
  const objective = bgNbdObjective(tuples, customers);
  const { params, diagnostics } = maximizeLikelihood(
    {
      model: 'BG/NBD',
      names: ['r', 'alpha', 'a', 'b'] as const,
      start: { r: 1, alpha: meanAge(tuples, customers), a: 1, b: 1 },
      objective,
      customers,
      distinctTuples: tuples.weight.length,
      gradientTolerance: 1e-6,
      hessianStep: 1e-4,
    },
    options,
  );
  const model = bgNbdModel(params);
  return { ...model, ...diagnostics, params: model.params };
}
