import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FidelisError, gammaGammaLogLikelihood, gammaGammaModel } from '../../src/index.js';
import { expectGamma, integrate } from './model-quadrature.js';

const CDNOW = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('Gamma-Gamma spend model', () => {
  it('expected average value: closed form (q−1)/(px+q−1)·γp/(q−1) + px/(px+q−1)·m̄, worked by hand', () => {
    const model = gammaGammaModel(CDNOW);
    // x = 2, m̄ = 22.35: px = 12.5, px+q−1 = 15.24; (2.74/15.24)(15.44·6.25/2.74) + (12.5/15.24)·22.35
    const byHand = (2.74 / 15.24) * ((15.44 * 6.25) / 2.74) + (12.5 / 15.24) * 22.35;
    expect(model.expectedAverageValue({ frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(byHand, 12);
    expect(byHand).toBeCloseTo(24.6637139, 6);
    // No repeat purchases: the population mean γp/(q−1).
    expect(model.expectedAverageValue({ frequency: 0, monetaryValue: 0 })).toBeCloseTo((15.44 * 6.25) / 2.74, 12);
  });

  it('expected average value equals the posterior mean E[p/ν | x, m̄] by numerical integration', () => {
    // Posterior of ν ∝ ν^{q−1} e^{−γν} · Π Gamma(z_i | p, ν) ∝ ν^{q−1+px} e^{−ν(γ + x m̄)}: integrate p/ν against it.
    for (const [x, m] of [
      [1, 40],
      [2, 22.35],
      [12, 9.5],
    ] as const) {
      const { p, q, gamma } = CDNOW;
      const expected = expectGamma(q + p * x, gamma + x * m, (nu) => p / nu);
      const actual = gammaGammaModel(CDNOW).expectedAverageValue({ frequency: x, monetaryValue: m });
      expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * expected);
    }
  });

  it('log-likelihood is the density of m̄ integrated over ν numerically', () => {
    const { p, q, gamma } = CDNOW;
    for (const [x, m] of [
      [1, 40],
      [3, 12.5],
    ] as const) {
      // m̄ | ν ~ Gamma(px, xν); ν ~ Gamma(q, γ). Densities written out, normalised over ν numerically.
      const lg = (v: number): number => {
        // lnΓ by numerical integration of t^{v−1}e^{−t} (independent of src/)
        return Math.log(integrate((t) => Math.pow(t, v - 1) * Math.exp(-t), 0, 80 + 5 * v, 1e-14) + integrate((t) => Math.pow(t, v - 1) * Math.exp(-t), 80 + 5 * v, 400 + 10 * v, 1e-14));
      };
      const density = (nu: number): number => Math.exp(p * x * Math.log(x * nu) + (p * x - 1) * Math.log(m) - x * nu * m - lg(p * x));
      const expected = Math.log(expectGamma(q, gamma, density, 3));
      const actual = gammaGammaLogLikelihood(CDNOW, { frequency: x, monetaryValue: m });
      expect(Math.abs(actual - expected)).toBeLessThan(1e-8 * Math.abs(expected));
    }
  });

  it('shrinks towards the population mean: the estimate lies between m̄ and γp/(q−1)', () => {
    const model = gammaGammaModel(CDNOW);
    const population = (15.44 * 6.25) / 2.74;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.01, max: 1e5, noNaN: true }), (x, m) => {
        const v = model.expectedAverageValue({ frequency: x, monetaryValue: m });
        return v >= Math.min(m, population) * (1 - 1e-12) && v <= Math.max(m, population) * (1 + 1e-12);
      }),
    );
  });

  it('says so when the mean spend is infinite (q ≤ 1) instead of returning NaN', () => {
    const model = gammaGammaModel({ p: 1, q: 0.8, gamma: 10 });
    expect(() => model.expectedAverageValue({ frequency: 0, monetaryValue: 0 })).toThrow(FidelisError);
    expect(() => model.expectedAverageValue({ frequency: 0, monetaryValue: 0 })).toThrow(/infinite mean spend/);
    expect(model.expectedAverageValue({ frequency: 2, monetaryValue: 10 })).toBeCloseTo((1 * (10 + 20)) / (2 + 0.8 - 1), 12);
  });
});
