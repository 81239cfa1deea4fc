import { describe, expect, it } from 'vitest';
import {
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  simulateBgNbdSummaries,
  simulateParetoNbdSummaries,
  type FitDiagnostics,
} from '../../src/index.js';

// Parameter recovery: simulate ≥ 50,000 customers from known parameters, fit, and require every
// parameter within 4 standard errors of the truth. The tolerance: the maximum-likelihood
// estimator is asymptotically normal with the covariance estimated from the observed
// information, so |θ̂ − θ| > 4·se happens with probability ≈ 6e-5 per parameter; the seeds are
// fixed, so the test is deterministic, and a biased likelihood, gradient or simulator (bias of
// even a few standard errors, here 1–5 % of a parameter) fails it. We also require that the fit
// converged and that the standard errors are small (below 15 % of the parameter), so that the
// bound is not vacuous.
function expectRecovered<P extends object>(fit: FitDiagnostics<P> & { params: P }, truth: P): void {
  expect(fit.converged).toBe(true);
  expect(fit.standardErrors).not.toBeNull();
  for (const key of Object.keys(truth) as (keyof P)[]) {
    const estimate = fit.params[key] as number;
    const se = (fit.standardErrors as P)[key] as number;
    const trueValue = truth[key] as number;
    expect(se, `se of ${String(key)}`).toBeLessThan(0.15 * trueValue);
    expect(Math.abs(estimate - trueValue), `${String(key)} = ${estimate} ± ${se}, truth ${trueValue}`).toBeLessThan(4 * se);
  }
}

// Customers acquired over 13 weeks, observed until week 39 (the CDNOW design).
const AGES = Array.from({ length: 13 }, (_, i) => 27 + i);

describe('parameter recovery on 50,000+ simulated customers', () => {
  it('BG/NBD', () => {
    const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const customers = simulateBgNbdSummaries({ params: truth, customers: 50_000, T: AGES, seed: 20240501 });
    const fit = fitBgNbd(customers);
    expect(fit.customers).toBe(50_000);
    expectRecovered(fit, truth);
  });

  it('Pareto/NBD', () => {
    const truth = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const customers = simulateParetoNbdSummaries({ params: truth, customers: 50_000, T: AGES, seed: 20240502 });
    const fit = fitParetoNbd(customers);
    expect(fit.customers).toBe(50_000);
    expectRecovered(fit, truth);
  });

  it('Gamma-Gamma (on the repeat buyers of 120,000 customers)', () => {
    const truth = { p: 6.25, q: 3.74, gamma: 15.44 };
    const customers = simulateBgNbdSummaries({
      params: { r: 0.5, alpha: 4, a: 0.8, b: 2.5 },
      customers: 120_000,
      T: AGES,
      seed: 20240503,
      spend: truth,
    });
    const fit = fitGammaGamma(customers);
    expect(fit.customers).toBeGreaterThanOrEqual(50_000);
    expectRecovered(fit, truth);
  });
});
