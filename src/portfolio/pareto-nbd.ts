// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987) in the form of Fader & Hardie
// (2005), "A note on deriving the Pareto/NBD model and related expressions": while alive a
// customer buys as a Poisson process with rate λ ~ Gamma(r, α); their lifetime is exponential
// with rate μ ~ Gamma(s, β), λ and μ independent.
//
// Likelihood (FH note):
//   L = Γ(r+x) α^r β^s / Γ(r) · { (α+T)^{−(r+x)} (β+T)^{−s} + s/(r+s+x) · A₀ }
// with, for α ≥ β,
//   A₀ = ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t_x)) / (α+t_x)^{r+s+x}
//      − ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+T)) / (α+T)^{r+s+x}
// and, for α < β, the same with β in place of α and r+x in place of s+1 as second parameter.
// Everything is on the log scale: the ₂F₁ values and powers overflow doubles for large x.

import { checkCount, checkHorizon, checkPositiveParams, checkTriple } from './model-input.js';
import { logDeathTerm } from './pareto-nbd-objective.js';
import { logAddExp, logGamma } from './special-functions.js';
import type { RfmTriple } from './summary.js';
import { logIntegrateUnit } from './tanh-sinh.js';
import type { TransactionModel } from './transaction-model.js';

/**
 * Pareto/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α), dropout rates
 * μ ~ Gamma(shape s, rate β); α and β in time units.
 *
 * @example
 * ```ts
 * import type { ParetoNbdParams } from 'fidelis';
 * const cdnow: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }; // weeks
 * ```
 */
export interface ParetoNbdParams {
  /** Shape of the purchase-rate gamma distribution. */
  readonly r: number;
  /** Rate of the purchase-rate gamma distribution, in time units. */
  readonly alpha: number;
  /** Shape of the dropout-rate gamma distribution. */
  readonly s: number;
  /** Rate of the dropout-rate gamma distribution, in time units. */
  readonly beta: number;
}

/**
 * Log-likelihood of one customer's (x, t_x, T) under Pareto/NBD (Fader & Hardie 2005 note).
 *
 * @example
 * ```ts
 * import { paretoNbdLogLikelihood } from 'fidelis';
 * paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, { frequency: 2, recency: 30.43, T: 38.86 });
 * ```
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, summary: RfmTriple): number {
  const { r, alpha, s, beta } = checkParams(params);
  const parts = logParts(r, alpha, s, beta, summary);
  return parts.logC + logAddExp(parts.logAlive, parts.logDeath);
}

function logParts(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  summary: RfmTriple,
): { logC: number; logAlive: number; logDeath: number } {
  const x = checkTriple(summary).frequency;
  const T = summary.T;
  return {
    logC: logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta),
    logAlive: -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T),
    logDeath: logDeathTerm(r, alpha, s, beta, x, summary.recency, T),
  };
}

/**
 * The Pareto/NBD predictions for given parameters (fitted or assumed).
 *
 * @example
 * ```ts
 * import { paretoNbdModel } from 'fidelis';
 * const model = paretoNbdModel({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 });
 * model.expectedPurchasesNew(52); // purchases of a new customer in their first year (weeks)
 * ```
 */
export function paretoNbdModel(params: ParetoNbdParams): TransactionModel & { readonly params: ParetoNbdParams } {
  const p = checkParams(params);
  const { r, alpha, s, beta } = p;
  const probabilityAlive = (summary: RfmTriple): number => {
    const parts = logParts(r, alpha, s, beta, summary);
    return Math.exp(parts.logAlive - logAddExp(parts.logAlive, parts.logDeath));
  };
  return {
    model: 'Pareto/NBD',
    params: p,
    customerLogLikelihood: (summary) => paretoNbdLogLikelihood(p, summary),
    probabilityAlive,
    // E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^{s−1}]
    expectedPurchasesNew: (t) => ((r * beta) / alpha) * powerRatioTerm(s, beta / (beta + checkHorizon(t))),
    // E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive)
    expectedPurchases: (t, summary) => {
      const x = summary.frequency;
      const T = summary.T;
      const ratio = (beta + T) / (beta + T + checkHorizon(t));
      return (((r + x) * (beta + T)) / (alpha + T)) * powerRatioTerm(s, ratio) * probabilityAlive(summary);
    },
    probabilityOfPurchases: (n, t) => probabilityOfPurchases(p, checkCount(n), checkHorizon(t)),
  };
}

/** (1 − q^{s−1})/(s−1), continuous at s = 1 (where it is −ln q). */
function powerRatioTerm(s: number, q: number): number {
  const logQ = Math.log(q);
  const e = (s - 1) * logQ;
  return e === 0 ? -logQ : -Math.expm1(e) / (s - 1);
}

/**
 * P(X(t) = n) for a new customer: alive throughout (probability (β/(β+t))^s) with an NBD count,
 * or dead at τ < t (Lomax density s/β · (β/(β+τ))^{s+1}) with an NBD count over (0, τ]; the
 * integral over τ by tanh-sinh quadrature.
 */
function probabilityOfPurchases(p: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const logCoef = logGamma(r + n) - logGamma(r) - logGamma(n + 1);
  const logNbd = (tau: number): number =>
    logCoef + r * Math.log(alpha / (alpha + tau)) + (n === 0 ? 0 : n * Math.log(tau / (alpha + tau)));
  const aliveThroughout = logNbd(t) + s * Math.log(beta / (beta + t));
  const died = logIntegrateUnit((u) => {
    const tau = t * u;
    return logNbd(tau) + Math.log(s / beta) + (s + 1) * Math.log(beta / (beta + tau)) + Math.log(t);
  });
  return Math.exp(logAddExp(aliveThroughout, died.log));
}

function checkParams(params: ParetoNbdParams): ParetoNbdParams {
  const [r, alpha, s, beta] = checkPositiveParams('Pareto/NBD', params, ['r', 'alpha', 's', 'beta']) as [
    number,
    number,
    number,
    number,
  ];
  return { r, alpha, s, beta };
}
