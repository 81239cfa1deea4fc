import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, bgNbdModel, type BgNbdParams, FidelisError } from '../../src/index.js';
import { expectBeta, expectGamma } from './model-quadrature.js';

// Second computation: the model's definition (FHL 2005, section 2) integrated numerically.
// Given λ and p, the likelihood of (x, t_x, T) is (1−p)^x λ^x e^{−λT} + [x>0] p(1−p)^{x−1} λ^x e^{−λ t_x};
// λ ~ Gamma(r, α) and p ~ Beta(a, b) are independent, so each product's expectation factorises.
function likelihoodByQuadrature(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const alive = expectGamma(r, alpha, (l) => l ** x * Math.exp(-l * T)) * expectBeta(a, b, (p) => (1 - p) ** x);
  if (x === 0) return alive;
  return alive + expectGamma(r, alpha, (l) => l ** x * Math.exp(-l * tx)) * expectBeta(a, b, (p) => p * (1 - p) ** (x - 1));
}

// E[Y(t)·1{alive}·likelihood] / likelihood: given λ, p and alive at T, purchases in (T, T+t] have
// mean (1 − e^{−λpt})/p (FHL 2005, eq. 4); nested quadrature over p (outer) and λ (inner).
function expectedPurchasesByQuadrature(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const numerator = expectBeta(a, b, (p) =>
    (1 - p) ** x * expectGamma(r, alpha, (l) => l ** x * Math.exp(-l * T) * (-Math.expm1(-l * p * t) / p), undefined, 1e-11),
  1e-11);
  return numerator / likelihoodByQuadrature(params, x, tx, T);
}

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const OTHER: BgNbdParams = { r: 1.7, alpha: 12.5, a: 2.3, b: 0.6 };

const CASES: [BgNbdParams, number, number, number][] = [
  [CDNOW, 0, 0, 38.86],
  [CDNOW, 2, 30.43, 38.86],
  [CDNOW, 1, 1.71, 38.86],
  [CDNOW, 14, 35.0, 38.0],
  [OTHER, 0, 0, 20],
  [OTHER, 3, 5.5, 20],
  [OTHER, 25, 19.9, 21],
];

describe('BG/NBD likelihood and predictions against numerical integration of the model', () => {
  it.each(CASES)('log-likelihood at %o, x=%d, t_x=%d, T=%d', (params, x, tx, T) => {
    const expected = Math.log(likelihoodByQuadrature(params, x, tx, T));
    const actual = bgNbdLogLikelihood(params, { frequency: x, recency: tx, T });
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * Math.abs(expected));
  });

  it.each(CASES)('P(alive) at %o, x=%d, t_x=%d, T=%d', (params, x, tx, T) => {
    const { r, alpha, a, b } = params;
    const alive = expectGamma(r, alpha, (l) => l ** x * Math.exp(-l * T)) * expectBeta(a, b, (p) => (1 - p) ** x);
    const expected = alive / likelihoodByQuadrature(params, x, tx, T);
    const actual = bgNbdModel(params).probabilityAlive({ frequency: x, recency: tx, T });
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
  });

  it.each([
    [CDNOW, 39, 2, 30.43, 38.86],
    [CDNOW, 520, 5, 30, 38.86], // long horizon: ₂F₁ argument near 1
    [OTHER, 52, 25, 19.9, 21],
  ] as const)('E[Y(t) | history] at %o, t=%d, x=%d, t_x=%d, T=%d', (params, t, x, tx, T) => {
    const expected = expectedPurchasesByQuadrature(params, t, x, tx, T);
    const actual = bgNbdModel(params).expectedPurchases(t, { frequency: x, recency: tx, T });
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
  });

  it.each([
    [CDNOW, 39],
    [CDNOW, 1000],
    [OTHER, 52],
    [{ r: 0.5, alpha: 3, a: 1, b: 2 }, 30], // a = 1: the closed form is 0/0, the quadrature path answers
    [{ r: 0.5, alpha: 3, a: 1.002, b: 2 }, 30], // a near 1: the closed form, with its cancellation
  ] as const)('E[X(t)] of a new customer at %o, t=%d', (params, t) => {
    const { r, alpha, a, b } = params;
    const expected = expectBeta(a, b, (p) => expectGamma(r, alpha, (l) => -Math.expm1(-l * p * t) / p, undefined, 1e-11), 1e-11);
    const actual = bgNbdModel(params).expectedPurchasesNew(t);
    expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
  });

  it('P(X(t) = n) sums to 1 and has mean E[X(t)]', () => {
    const model = bgNbdModel(CDNOW);
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = model.probabilityOfPurchases(n, 39);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(model.expectedPurchasesNew(39), 8);
    // P(X(t) = 0) = E[e^{−λt}] = (α/(α+t))^r, by hand.
    expect(model.probabilityOfPurchases(0, 39)).toBeCloseTo((4.414 / 43.414) ** 0.243, 12);
  });

  it('stays finite for very large frequencies', () => {
    const ll = bgNbdLogLikelihood(CDNOW, { frequency: 5000, recency: 38, T: 39 });
    expect(Number.isFinite(ll)).toBe(true);
    const model = bgNbdModel(CDNOW);
    expect(model.probabilityAlive({ frequency: 5000, recency: 38, T: 39 })).toBeGreaterThan(0);
    expect(Number.isFinite(model.expectedPurchases(52, { frequency: 5000, recency: 38, T: 39 }))).toBe(true);
  });

  it('P(alive) is in (0, 1] and falls as the customer stays silent longer', () => {
    const model = bgNbdModel(CDNOW);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (x, tx, gap) => {
          const p1 = model.probabilityAlive({ frequency: x, recency: tx, T: tx + gap });
          const p2 = model.probabilityAlive({ frequency: x, recency: tx, T: tx + gap + 1 });
          return p1 > 0 && p1 <= 1 && p2 <= p1;
        },
      ),
    );
  });

  it('expected purchases grow with the horizon', () => {
    const model = bgNbdModel(OTHER);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0.1, max: 300, noNaN: true }), (x, t) => {
        const s = { frequency: x, recency: x === 0 ? 0 : 10, T: 20 };
        return model.expectedPurchases(t + 1, s) > model.expectedPurchases(t, s);
      }),
    );
  });

  it('rejects non-positive parameters and horizons with VALIDATION_FAILED', () => {
    expect(() => bgNbdModel({ ...CDNOW, a: 0 })).toThrow(FidelisError);
    expect(() => bgNbdModel({ ...CDNOW, r: Number.NaN })).toThrow(/r: must be a finite number > 0/);
    expect(() => bgNbdModel(CDNOW).expectedPurchasesNew(-1)).toThrow(/horizon t/);
    expect(() => bgNbdModel(CDNOW).probabilityOfPurchases(1.5, 10)).toThrow(/non-negative integer/);
    expect(() => bgNbdModel(CDNOW).probabilityAlive({ frequency: 2, recency: 12, T: 10 })).toThrow(/recency: must be/);
    expect(() => bgNbdLogLikelihood(CDNOW, { frequency: Number.NaN, recency: 0, T: 10 })).toThrow(/frequency: must be/);
  });
});
