// The BG/NBD model of Fader, Hardie & Lee (2005), "Counting your customers the easy way: an
// alternative to the Pareto/NBD model", Marketing Science 24(2): while active a customer buys
// as a Poisson process with rate λ ~ Gamma(r, α); after each repeat purchase they drop out with
// probability p ~ Beta(a, b). Equation numbers below are the paper's.

import { logHypergeometric2F1 } from './hypergeometric.js';
import { logAddExp, logGamma } from './special-functions.js';
import type { RfmTriple } from './summary.js';
import { logIntegrateUnit } from './tanh-sinh.js';
import type { TransactionModel } from './transaction-model.js';
import { checkCount, checkHorizon, checkPositiveParams, checkTriple } from './model-input.js';

/**
 * BG/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α) (α in time units), dropout
 * probabilities p ~ Beta(a, b).
 *
 * @example
 * ```ts
 * import type { BgNbdParams } from 'fidelis';
 * const cdnow: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }; // weeks
 * ```
 */
export interface BgNbdParams {
  /** Shape of the purchase-rate gamma distribution. */
  readonly r: number;
  /** Rate (scale⁻¹) of the purchase-rate gamma distribution, in time units. */
  readonly alpha: number;
  /** First shape of the dropout-probability beta distribution. */
  readonly a: number;
  /** Second shape of the dropout-probability beta distribution. */
  readonly b: number;
}

/**
 * Log-likelihood of one customer's (x, t_x, T) under BG/NBD (FHL 2005, eq. 6 on the log
 * scale): A1 + A2 + ln(e^{A3} + [x > 0] e^{A4}).
 *
 * @example
 * ```ts
 * import { bgNbdLogLikelihood } from 'fidelis';
 * bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { frequency: 0, recency: 0, T: 38.86 });
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParams, summary: RfmTriple): number {
  const { r, alpha, a, b } = checkParams(params);
  const x = checkTriple(summary).frequency;
  const A1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const A2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const A3 = -(r + x) * Math.log(alpha + summary.T);
  if (x === 0) return A1 + A2 + A3;
  const A4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + summary.recency);
  return A1 + A2 + logAddExp(A3, A4);
}

/**
 * The BG/NBD predictions for given parameters (fitted or assumed).
 *
 * @example
 * ```ts
 * import { bgNbdModel } from 'fidelis';
 * const model = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
 * model.probabilityAlive({ frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.727
 * ```
 */
export function bgNbdModel(params: BgNbdParams): TransactionModel & { readonly params: BgNbdParams } {
  const p = checkParams(params);
  return {
    model: 'BG/NBD',
    params: p,
    customerLogLikelihood: (summary) => bgNbdLogLikelihood(p, summary),
    probabilityAlive: (summary) => Math.exp(-log1pOdds(p, summary)),
    expectedPurchasesNew: (t) => purchasesWhileBuying(p.r, p.alpha, p.a, p.b, checkHorizon(t)),
    expectedPurchases: (t, summary) =>
      // Eq. 10: E[Y(t) | alive] under the posterior Gamma(r+x, α+T) × Beta(a, b+x), times P(alive).
      Math.exp(-log1pOdds(p, summary)) *
      purchasesWhileBuying(p.r + summary.frequency, p.alpha + summary.T, p.a, p.b + summary.frequency, checkHorizon(t)),
    probabilityOfPurchases: (n, t) => probabilityOfPurchases(p, n, checkHorizon(t)),
  };
}

/** ln(1 + odds of having dropped out) = −ln P(alive) (eq. 11). */
function log1pOdds(p: BgNbdParams, summary: RfmTriple): number {
  const x = checkTriple(summary).frequency;
  if (x === 0) return 0;
  const logOdds =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + summary.T) - Math.log(p.alpha + summary.recency));
  return logOdds > 0 ? logOdds + Math.log1p(Math.exp(-logOdds)) : Math.log1p(Math.exp(logOdds));
}

/**
 * E[purchases in (0, t]] for a customer alive at 0 with λ ~ Gamma(r, α), p ~ Beta(a, b):
 * (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))] (eq. 7). Where that closed form
 * is singular or cancels (a near 1, a+b ≤ 1), the same expectation by quadrature over p of
 * E[·|p] = (1 − (α/(α+pt))^r)/p.
 */
function purchasesWhileBuying(r: number, alpha: number, a: number, b: number, t: number): number {
  if (t === 0) return 0;
  const c = a + b - 1;
  if (Math.abs(a - 1) > 1e-3 && c > 0) {
    const z = t / (alpha + t);
    const logTerm = r * Math.log(alpha / (alpha + t)) + logHypergeometric2F1(r, b, c, z, alpha / (alpha + t));
    // (1 − e^{logTerm}) / (a − 1) · c, with 1 − e^{logTerm} = −expm1(logTerm).
    return (c / (a - 1)) * -Math.expm1(logTerm);
  }
  const logBeta = logGamma(a) + logGamma(b) - logGamma(a + b);
  const integral = logIntegrateUnit((q, oneMinusQ, logQ, logOneMinusQ) => {
    const logMean = Math.log(-Math.expm1(-r * Math.log1p((q * t) / alpha))) - logQ;
    return (a - 1) * logQ + (b - 1) * logOneMinusQ - logBeta + logMean;
  });
  return Math.exp(integral.log);
}

/** P(X(t) = n) for a new customer (eq. 8). */
function probabilityOfPurchases(p: BgNbdParams, n: number, t: number): number {
  checkCount(n);
  const { r, alpha, a, b } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const logBetaAB = logGamma(a) + logGamma(b) - logGamma(a + b);
  const logP0 = r * Math.log(alpha / (alpha + t));
  const logQ = Math.log(t / (alpha + t));
  const logNbd = (j: number): number => logGamma(r + j) - logGamma(r) - logGamma(j + 1) + logP0 + j * logQ;
  const first = Math.exp(logGamma(a) + logGamma(b + n) - logGamma(a + b + n) - logBetaAB + logNbd(n));
  if (n === 0) return first;
  let cdf = 0;
  for (let j = 0; j < n; j++) cdf += Math.exp(logNbd(j));
  const tail = Math.max(0, 1 - cdf);
  return first + Math.exp(logGamma(a + 1) + logGamma(b + n - 1) - logGamma(a + b + n) - logBetaAB) * tail;
}

function checkParams(params: BgNbdParams): BgNbdParams {
  const [r, alpha, a, b] = checkPositiveParams('BG/NBD', params, ['r', 'alpha', 'a', 'b']) as [number, number, number, number];
  return { r, alpha, a, b };
}
