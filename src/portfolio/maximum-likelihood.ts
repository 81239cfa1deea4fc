// The part of fitting shared by the three models: options, maximisation in log-parameter
// space, the diagnostics a fit reports, and standard errors.
//
// Parameters are all positive, so the optimiser works on θ = ln(parameter): no bounds, and the
// likelihood surfaces are much closer to quadratic. The objective is the mean negative
// log-likelihood per customer, so the gradient tolerance means the same for 2,000 customers as
// for 1,000,000. Standard errors come from the observed information: the Hessian of the total
// log-likelihood in θ by central differences of the gradient, inverted, then mapped back with
// the delta method, se(p) = p · se(ln p).

import { z } from 'zod';
import { FidelisError } from '../core/errors.js';
import { parseWith } from '../core/validation.js';
import { minimizeBfgs, type ObjectiveWithGradient } from './optimizer.js';

/**
 * Options of `fitBgNbd`, `fitParetoNbd` and `fitGammaGamma`.
 *
 * @example
 * ```ts
 * import { ModelFitOptionsSchema } from 'fidelis';
 * ModelFitOptionsSchema.parse({ maxIterations: 500, initial: { r: 0.5 } });
 * ```
 */
export const ModelFitOptionsSchema = z
  .object({
    /** Upper bound on BFGS iterations (default 200). */
    maxIterations: z.number().int().positive().optional(),
    /** Convergence when every component of the gradient of the mean log-likelihood per customer, in log-parameters, is at most this (default 1e-6; the floating-point noise floor is near 1e-9). */
    gradientTolerance: z.number().positive().optional(),
    /** Starting values by parameter name (default 1 for each). */
    initial: z.record(z.string(), z.number().positive().finite()).optional(),
    /** Compute standard errors (default true). */
    standardErrors: z.boolean().optional(),
  })
  .strict();

/**
 * Options of `fitBgNbd`, `fitParetoNbd` and `fitGammaGamma`: iteration limit, gradient
 * tolerance, starting values, whether to compute standard errors.
 *
 * @example
 * ```ts
 * import type { ModelFitOptions } from 'fidelis';
 * const options: ModelFitOptions = { maxIterations: 500 };
 * ```
 */
export type ModelFitOptions = z.output<typeof ModelFitOptionsSchema>;

/**
 * What every fit reports besides its parameters: the maximised log-likelihood, whether and
 * how the optimiser converged, standard errors, and the data size.
 *
 * @example
 * ```ts
 * import { fitBgNbd, simulateBgNbdSummaries } from 'fidelis';
 * const fit = fitBgNbd(simulateBgNbdSummaries({ params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, customers: 5000, T: 39, seed: 1 }));
 * if (!fit.converged) console.warn(`gradient still ${fit.gradientNorm} after ${fit.iterations} iterations`);
 * ```
 */
export interface FitDiagnostics<P> {
  /** The maximised log-likelihood of all customers (natural log). */
  readonly logLikelihood: number;
  /** True when the gradient criterion was met. */
  readonly converged: boolean;
  /** BFGS iterations used. */
  readonly iterations: number;
  /** Largest absolute component of the mean log-likelihood's gradient in log-parameters at the optimum. */
  readonly gradientNorm: number;
  /** Asymptotic standard error of each parameter (observed information, delta method); `null` when not computed or when the information matrix is not positive definite. */
  readonly standardErrors: Readonly<P> | null;
  /** Number of customers the fit used (the sum of the weights). */
  readonly customers: number;
  /** Number of distinct tuples the likelihood was evaluated on. */
  readonly distinctTuples: number;
}

/** A model's mean negative log-likelihood in log-parameters (gradient filled when asked). */
export interface LogParameterObjective {
  /** −LL/N at θ = ln(params); fills `gradient` with its gradient in θ. */
  (theta: Float64Array, gradient: Float64Array): number;
}

/** Inputs of {@link maximizeLikelihood}. */
export interface LikelihoodProblem<N extends string> {
  /** Model name for messages, e.g. 'BG/NBD'. */
  readonly model: string;
  /** Parameter names in θ order. */
  readonly names: readonly N[];
  /** Default starting values (natural scale). */
  readonly start: Readonly<Record<N, number>>;
  /** The objective in θ. */
  readonly objective: LogParameterObjective;
  /** Number of customers (sum of weights). */
  readonly customers: number;
  /** Number of distinct tuples. */
  readonly distinctTuples: number;
  /** Default gradient tolerance. */
  readonly gradientTolerance: number;
  /** Step for the numerical Hessian in θ. */
  readonly hessianStep: number;
}

const MAX_LOG_PARAMETER = 25;

/**
 * Maximise a model's likelihood: parse the options, run BFGS in log-parameters, check the
 * optimum is finite and interior, compute standard errors.
 *
 * @example
 * ```ts
 * const { params, diagnostics } = maximizeLikelihood(problem, options);
 * ```
 */
export function maximizeLikelihood<N extends string>(
  problem: LikelihoodProblem<N>,
  rawOptions: unknown,
): { readonly params: Readonly<Record<N, number>>; readonly diagnostics: FitDiagnostics<Record<N, number>> } {
  const options = parseWith(ModelFitOptionsSchema, rawOptions ?? {}, `${problem.model} fit options`);
  const initial = options.initial ?? {};
  for (const key of Object.keys(initial)) {
    if (!(problem.names as readonly string[]).includes(key)) {
      throw new FidelisError(
        'VALIDATION_FAILED',
        `Invalid ${problem.model} fit options: initial.${key}: unknown parameter (expected ${problem.names.join(', ')})`,
        { issues: [{ path: `initial.${key}`, message: 'unknown parameter' }] },
      );
    }
  }
  const start = problem.names.map((name) => Math.log(initial[name] ?? problem.start[name]));
  // A special function that cannot be evaluated at a trial point (e.g. ₂F₁ at z rounded to 1 for
  // absurd parameters) makes that point unusable, not the fit: the line search backs off.
  const objective: ObjectiveWithGradient = (theta, gradient) => {
    try {
      return problem.objective(theta, gradient);
    } catch (e) {
      if (e instanceof FidelisError) return Number.NaN;
      throw e;
    }
  };
  const result = minimizeBfgs(objective, start, {
    gradientTolerance: options.gradientTolerance ?? problem.gradientTolerance,
    maxIterations: options.maxIterations ?? 200,
    maxStep: 3,
  });
  if (!Number.isFinite(result.value) || !Number.isFinite(result.gradientNorm)) {
    throw new FidelisError('FIT_FAILED', `${problem.model}: the log-likelihood or its gradient is not finite at the starting values`, {
      start: Object.fromEntries(problem.names.map((n, i) => [n, Math.exp(start[i] as number)])),
    });
  }
  const params = {} as Record<N, number>;
  problem.names.forEach((name, i) => {
    params[name] = Math.exp(result.x[i] as number);
  });
  problem.names.forEach((name, i) => {
    const theta = result.x[i] as number;
    if (Math.abs(theta) > MAX_LOG_PARAMETER) {
      throw new FidelisError(
        'FIT_FAILED',
        `${problem.model}: parameter ${name} ran off to ${params[name].toExponential(2)}; the data cannot identify it ` +
          '(too few customers or repeat purchases, or a pattern the model does not describe)',
        { params },
      );
    }
  });
  const standardErrors =
    options.standardErrors === false ? null : standardErrorsAt(problem, objective, result.x, params);
  return {
    params,
    diagnostics: {
      logLikelihood: -result.value * problem.customers,
      converged: result.converged,
      iterations: result.iterations,
      gradientNorm: result.gradientNorm,
      standardErrors,
      customers: problem.customers,
      distinctTuples: problem.distinctTuples,
    },
  };
}

function standardErrorsAt<N extends string>(
  problem: LikelihoodProblem<N>,
  objective: ObjectiveWithGradient,
  theta: Float64Array,
  params: Record<N, number>,
): Record<N, number> | null {
  const n = theta.length;
  const h = problem.hessianStep;
  const hessian = new Float64Array(n * n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from(theta);
    x[i] = (theta[i] as number) + h;
    objective(x, plus);
    x[i] = (theta[i] as number) - h;
    objective(x, minus);
    for (let j = 0; j < n; j++) hessian[i * n + j] = (((plus[j] as number) - (minus[j] as number)) / (2 * h)) * problem.customers;
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = ((hessian[i * n + j] as number) + (hessian[j * n + i] as number)) / 2;
      hessian[i * n + j] = v;
      hessian[j * n + i] = v;
    }
  }
  const covariance = invertPositiveDefinite(hessian, n);
  if (covariance === null) return null;
  const out = {} as Record<N, number>;
  problem.names.forEach((name, i) => {
    out[name] = params[name] * Math.sqrt(covariance[i * n + i] as number);
  });
  return out;
}

/** Inverse of a symmetric positive definite matrix by Cholesky; null when not positive definite. */
function invertPositiveDefinite(m: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (L[i * n + k] as number) * (L[j * n + k] as number);
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / (L[j * n + j] as number);
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inv = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= (L[i * n + k] as number) * (y[k] as number);
      y[i] = s / (L[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let k = i + 1; k < n; k++) s -= (L[k * n + i] as number) * (inv[k * n + col] as number);
      inv[i * n + col] = s / (L[i * n + i] as number);
    }
  }
  return inv;
}
