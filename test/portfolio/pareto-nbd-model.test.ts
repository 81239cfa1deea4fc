import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoNbdLogLikelihood, paretoNbdModel, type ParetoNbdParams } from '../../src/index.js';
import { expectGamma, integrate } from './model-quadrature.js';

// Second computation: the Pareto/NBD definition integrated numerically. Given λ and μ the
// likelihood of (x, t_x, T) is λ^x e^{−(λ+μ)T} (alive at T) + ∫_{t_x}^T λ^x e^{−λτ} μ e^{−μτ} dτ
// (died at τ after the last purchase); λ ~ Gamma(r, α) and μ ~ Gamma(s, β) are independent, so
// for each τ the expectation factorises, and τ is integrated numerically too.
function aliveTerm(p: ParetoNbdParams, x: number, T: number): number {
  return expectGamma(p.r, p.alpha, (l) => l ** x * Math.exp(-l * T)) * expectGamma(p.s, p.beta, (m) => Math.exp(-m * T));
}

const likelihoods = new Map<string, number>();
function likelihoodByQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const key = JSON.stringify([p, x, tx, T]);
  const known = likelihoods.get(key);
  if (known !== undefined) return known;
  const died = integrate(
    (tau) => expectGamma(p.r, p.alpha, (l) => l ** x * Math.exp(-l * tau)) * expectGamma(p.s, p.beta, (m) => m * Math.exp(-m * tau)),
    tx,
    T,
    1e-11,
  );
  const value = aliveTerm(p, x, T) + died;
  likelihoods.set(key, value);
  return value;
}

const CDNOW: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const ALPHA_ABOVE: ParetoNbdParams = { r: 1.3, alpha: 25, s: 0.4, beta: 2.5 }; // α ≥ β branch, z up to 0.9
const ALPHA_FAR_ABOVE: ParetoNbdParams = { r: 0.9, alpha: 60, s: 1.5, beta: 0.8 }; // z > 0.9: quadrature path of ₂F₁
const ALPHA_BELOW: ParetoNbdParams = { r: 2.1, alpha: 0.7, s: 0.8, beta: 30 }; // α < β with z near 1

const CASES: [ParetoNbdParams, number, number, number][] = [
  [CDNOW, 0, 0, 38.86],
  [CDNOW, 2, 30.43, 38.86],
  [CDNOW, 7, 12.5, 38.86],
  [ALPHA_ABOVE, 0, 0, 30],
  [ALPHA_ABOVE, 4, 3.2, 30],
  [ALPHA_FAR_ABOVE, 1, 0.5, 20],
  [ALPHA_FAR_ABOVE, 3, 2, 20],
  [ALPHA_BELOW, 5, 0.3, 12],
  [ALPHA_BELOW, 40, 11, 12],
];

describe('Pareto/NBD likelihood and predictions against numerical integration of the model', () => {
  it.each(CASES)('log-likelihood at %o, x=%d, t_x=%d, T=%d', (params, x, tx, T) => {
    const expected = Math.log(likelihoodByQuadrature(params, x, tx, T));
    const actual = paretoNbdLogLikelihood(params, { frequency: x, recency: tx, T });
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * Math.abs(expected));
  });

  it.each(CASES)('P(alive) at %o, x=%d, t_x=%d, T=%d', (params, x, tx, T) => {
    const expected = aliveTerm(params, x, T) / likelihoodByQuadrature(params, x, tx, T);
    const actual = paretoNbdModel(params).probabilityAlive({ frequency: x, recency: tx, T });
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
  });

  it.each(CASES)('E[Y(t) | history] at %o, x=%d, t_x=%d, T=%d', (params, x, tx, T) => {
    // Alive at T with λ, μ: purchases in (T, T+t] have mean λ(1 − e^{−μt})/μ.
    const t = 26;
    const numerator =
      expectGamma(params.r, params.alpha, (l) => l ** (x + 1) * Math.exp(-l * T)) *
      expectGamma(params.s, params.beta, (m) => (Math.exp(-m * T) * -Math.expm1(-m * t)) / m);
    const expected = numerator / likelihoodByQuadrature(params, x, tx, T);
    const actual = paretoNbdModel(params).expectedPurchases(t, { frequency: x, recency: tx, T });
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
  });

  it.each([
    [CDNOW, 39],
    [ALPHA_ABOVE, 100],
    [{ r: 0.7, alpha: 5, s: 1, beta: 8 }, 52], // s = 1: the closed form's limit
  ] as const)('E[X(t)] of a new customer at %o, t=%d', (params, t) => {
    const expected =
      expectGamma(params.r, params.alpha, (l) => l) * expectGamma(params.s, params.beta, (m) => -Math.expm1(-m * t) / m);
    const actual = paretoNbdModel(params).expectedPurchasesNew(t);
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
  });

  it('P(X(t) = n) sums to 1 and has mean E[X(t)]', () => {
    const model = paretoNbdModel(CDNOW);
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = model.probabilityOfPurchases(n, 39);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 9);
    expect(mean).toBeCloseTo(model.expectedPurchasesNew(39), 8);
  });

  it('stays finite for very large frequencies', () => {
    const s = { frequency: 3000, recency: 38, T: 39 };
    for (const p of [CDNOW, ALPHA_ABOVE, ALPHA_BELOW]) {
      expect(Number.isFinite(paretoNbdLogLikelihood(p, s))).toBe(true);
      expect(paretoNbdModel(p).probabilityAlive(s)).toBeGreaterThan(0);
    }
  });

  it('is continuous as the last purchase approaches T (no cancellation, no NaN)', () => {
    for (const p of [CDNOW, ALPHA_ABOVE, ALPHA_BELOW]) {
      const atT = paretoNbdLogLikelihood(p, { frequency: 9, recency: 32.42857142857143, T: 32.42857142857143 });
      const justBefore = paretoNbdLogLikelihood(p, { frequency: 9, recency: 32.42857142857142, T: 32.42857142857143 });
      const before = paretoNbdLogLikelihood(p, { frequency: 9, recency: 32.4285, T: 32.42857142857143 });
      expect(Number.isFinite(justBefore)).toBe(true);
      expect(Math.abs(justBefore - atT)).toBeLessThan(1e-12);
      expect(before).toBeGreaterThan(atT); // a death between t_x and T adds likelihood
      expect(before - atT).toBeLessThan(1e-3);
    }
  });

  it('P(alive) is in (0, 1] and is 1 when the last purchase is at T', () => {
    const model = paretoNbdModel(CDNOW);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 60, noNaN: true }), (x, T) => {
        const p = model.probabilityAlive({ frequency: x, recency: x === 0 ? 0 : T / 2, T });
        return p > 0 && p <= 1 + 1e-12;
      }),
    );
    expect(model.probabilityAlive({ frequency: 3, recency: 20, T: 20 })).toBe(1);
  });
});
