// Maximum-likelihood fit of Pareto/NBD on weighted (x, t_x, T) tuples (objective in
// pareto-nbd-objective.ts).

import { type FitDiagnostics, maximizeLikelihood, type ModelFitOptions } from './maximum-likelihood.js';
import { paretoNbdModel, type ParetoNbdParams } from './pareto-nbd.js';
import { paretoNbdObjective } from './pareto-nbd-objective.js';
import { meanAge, prepareRfm, type RfmInput } from './rfm-input.js';
import type { TransactionModel } from './transaction-model.js';

/**
 * A fitted Pareto/NBD model: parameters, diagnostics and predictions.
 *
 * @example
 * ```ts
 * import { fitParetoNbd, type ParetoNbdFit } from 'fidelis';
 * const fit: ParetoNbdFit = fitParetoNbd(summaries);
 * console.log(fit.params, fit.logLikelihood);
 * ```
 */
export interface ParetoNbdFit extends TransactionModel, FitDiagnostics<ParetoNbdParams> {
  /** The maximum-likelihood parameters. */
  readonly params: ParetoNbdParams;
}

/**
 * Fit Pareto/NBD by maximum likelihood on distinct (frequency, recency, T) tuples, BFGS in
 * log-parameters with the gradient of the differentiated ₂F₁ series (see pareto-nbd-objective.ts).
 * Throws `INSUFFICIENT_DATA` for no customers, one customer or no repeat buyers,
 * `VALIDATION_FAILED` for bad summaries, `FIT_FAILED` when no finite optimum is reached.
 *
 * @example
 * ```ts
 * import { fitParetoNbd } from 'fidelis';
 * const fit = fitParetoNbd(summaries);
 * fit.params; // { r, alpha, s, beta }
 * fit.probabilityAlive(summaries[0]);
 * ```
 */
export function fitParetoNbd(summaries: RfmInput, options?: ModelFitOptions): ParetoNbdFit {
  const { tuples, customers } = prepareRfm('Pareto/NBD', summaries);
  const age = meanAge(tuples, customers);
  const { params, diagnostics } = maximizeLikelihood(
    {
      model: 'Pareto/NBD',
      names: ['r', 'alpha', 's', 'beta'] as const,
      start: { r: 1, alpha: age, s: 1, beta: age },
      objective: paretoNbdObjective(tuples, customers),
      customers,
      distinctTuples: tuples.weight.length,
      gradientTolerance: 1e-6,
      hessianStep: 1e-4,
    },
    options,
  );
  const model = paretoNbdModel(params);
  return { ...model, ...diagnostics, params: model.params };
}
