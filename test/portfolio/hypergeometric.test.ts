import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FidelisError, hypergeometric2F1, logHypergeometric2F1 } from '../../src/index.js';
import { digamma, logAddExp, logGamma, logSubExp } from '../../src/portfolio/special-functions.js';

const rel = (actual: number, expected: number): number => Math.abs(actual - expected) / Math.abs(expected);

describe('lnΓ and ψ', () => {
  it('match known values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 14);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1)).toBeCloseTo(0, 14);
    // Stirling with four correction terms at x = 1000.5 (error below 1e-17)
    const x = 1000.5;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
    expect(rel(logGamma(x), stirling)).toBeLessThan(1e-14);
    const euler = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-euler, 14);
    expect(digamma(0.5)).toBeCloseTo(-euler - 2 * Math.log(2), 14);
  });

  it('satisfy the recurrences lnΓ(x+1) = lnΓ(x) + ln x and ψ(x+1) = ψ(x) + 1/x', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x) => {
        const g = Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x)) <= 1e-12 * Math.max(1, Math.abs(logGamma(x + 1)));
        const d = Math.abs(digamma(x + 1) - digamma(x) - 1 / x) <= 1e-12 * Math.max(1, 1 / x);
        return g && d;
      }),
    );
  });

  it('log-sum-exp helpers do not overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSubExp(Math.log(3), 0)).toBeCloseTo(Math.log(2), 14);
    expect(logSubExp(5, 5)).toBe(-Infinity);
  });
});

describe('Gauss hypergeometric ₂F₁', () => {
  it('matches elementary closed forms across (−∞, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.999, max: 0.999, noNaN: true }), (z) => {
        if (Math.abs(z) < 1e-6) return true;
        // ₂F₁(1,1;2;z) = −ln(1−z)/z ; ₂F₁(a,b;b;z) = (1−z)^{−a}
        const log = -Math.log1p(-z) / z;
        const power = Math.pow(1 - z, -2.7);
        return rel(hypergeometric2F1(1, 1, 2, z), log) < 1e-12 && rel(hypergeometric2F1(2.7, 1.3, 1.3, z), power) < 1e-12;
      }),
    );
    // ₂F₁(½,1;3/2;z²) = atanh(z)/z and ₂F₁(½,½;3/2;z²) = asin(z)/z, z = 0.99 (z² = 0.9801, past the series limit)
    expect(rel(hypergeometric2F1(0.5, 1, 1.5, 0.9801), Math.atanh(0.99) / 0.99)).toBeLessThan(1e-12);
    expect(rel(hypergeometric2F1(0.5, 0.5, 1.5, 0.9801), Math.asin(0.99) / 0.99)).toBeLessThan(1e-12);
    // ₂F₁(½,½;3/2;−x²) = asinh(x)/x, x = 7
    expect(rel(hypergeometric2F1(0.5, 0.5, 1.5, -49), Math.asinh(7) / 7)).toBeLessThan(1e-12);
  });

  // Reference values computed with mpmath 1.3 (hyp2f1 at 40 significant digits).
  it.each([
    [500, 1.5, 501, 0.95, 4.4400766753857203812],
    [2.3, 1.4, 3.3, 0.999999, 7.2681893409892272493],
    [0.5, 2.7, 1.2, 0.97, 5.9535438092214948438],
    [3.5, 2.5, 2.2, 0.99, 17.655865271958631797],
    [0.24, 0.3, 0.54, 0.97, 0.39996991822996647037],
    [10.2, 3.4, 11.2, -5, -5.7758195352211821106],
    [100.5, 101.2, 101.7, 0.95, 299.57890364138620839],
    [0.7, 2.2, -1.5, 0.6, 5.6178247801442449526],
    [0.5, 0.5, 1.5, -50, -0.97989775227349080086],
    // Euler's integral with an endpoint exponent near −1 (c − b or b tiny)
    [0.5, 2, 2.002, 0.909, 1.1964473730341510657],
    [0.01, 0.02, 0.0301, 0.95, 0.01971033762484587515],
    [2, 0.0001, 2.0001, 0.99, 0.00046043163392757264157],
    // c − a − b = 0 (the degenerate case of the 1−z transformation)
    [0.7, 0.3, 1.0, 0.95, 0.53113181189850931051],
    // c below a and b with c − a − b an integer: no integral, no transformation; the long series
    [2.5, 3.5, 2, 0.9999, 37.147439483844477888],
  ])('ln ₂F₁(%d, %d; %d; %d) = %d (mpmath)', (a, b, c, z, expected) => {
    expect(Math.abs(logHypergeometric2F1(a, b, c, z) - expected)).toBeLessThan(1e-11 * Math.max(1, Math.abs(expected)));
  });

  it('handles terminating series and negative values', () => {
    // ₂F₁(1.2, −3; 0.7; 0.8) is a cubic, summed by hand here (mpmath: −0.201…)
    const cubic = 1 + (-3 * 1.2 * 0.8) / 0.7 + ((-3 * -2 * 1.2 * 2.2) / (0.7 * 1.7 * 2)) * 0.64 + ((-3 * -2 * -1 * 1.2 * 2.2 * 3.2) / (0.7 * 1.7 * 2.7 * 6)) * 0.512;
    expect(rel(hypergeometric2F1(1.2, -3, 0.7, 0.8), cubic)).toBeLessThan(1e-13);
    expect(() => logHypergeometric2F1(1.2, -3, 0.7, 0.8)).toThrow(FidelisError);
  });

  it('is continuous where its evaluation method changes (series ↔ quadrature at z = 0.9)', () => {
    for (const [a, b, c] of [
      [3.2, 1.7, 4.2],
      [50.5, 51.2, 51.5],
      [0.3, 2.5, 1.8],
    ] as const) {
      const below = logHypergeometric2F1(a, b, c, 0.9 - 1e-12);
      const above = logHypergeometric2F1(a, b, c, 0.9 + 1e-12);
      expect(Math.abs(above - below)).toBeLessThan(1e-10 * Math.max(1, Math.abs(below)));
    }
  });

  it('is invariant under Euler’s transformation F(a,b;c;z) = (1−z)^{c−a−b} F(c−a,c−b;c;z)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 0.995, noNaN: true }),
        (a, b, extra, z) => {
          const c = Math.max(a, b) + extra; // c > a, b: both sides positive
          const left = logHypergeometric2F1(a, b, c, z);
          const right = (c - a - b) * Math.log1p(-z) + logHypergeometric2F1(c - a, c - b, c, z);
          return Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(left));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects z ≥ 1, non-finite input and poles of c', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(/z < 1/);
    expect(() => hypergeometric2F1(1, Number.NaN, 2, 0.5)).toThrow(FidelisError);
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(FidelisError);
  });
});
