import { describe, expect, it } from 'vitest';
import { compressRfm, paretoNbdLogLikelihood, simulateParetoNbdSummaries } from '../../src/index.js';
import { bgNbdObjective } from '../../src/portfolio/bg-nbd-objective.js';
import { paretoNbdObjective } from '../../src/portfolio/pareto-nbd-objective.js';

// The analytic gradients against central differences of the objective itself (step 1e-5 in
// log-parameters: truncation error ~1e-10, far below the 1e-7 tolerance).
function numericalGradient(f: (theta: Float64Array, g: Float64Array) => number, theta: readonly number[]): number[] {
  const scratch = new Float64Array(theta.length);
  return theta.map((_, k) => {
    const up = Float64Array.from(theta);
    const down = Float64Array.from(theta);
    up[k] = (theta[k] as number) + 1e-5;
    down[k] = (theta[k] as number) - 1e-5;
    return (f(up, scratch) - f(down, scratch)) / 2e-5;
  });
}

const customers = [
  { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 2, recency: 30.43, T: 38.86 },
  { frequency: 1, recency: 1.71, T: 38.86 },
  { frequency: 14, recency: 35, T: 38 },
  { frequency: 60, recency: 37, T: 39 },
  { frequency: 3, recency: 12.428571428571427, T: 12.428571428571429 }, // t_x a rounding error from T
  { frequency: 5, recency: 20, T: 20 },
];
const tuples = compressRfm(customers);

describe('analytic gradients of the likelihoods', () => {
  it.each([
    [-1.4, 1.5, -0.2, 0.9],
    [0.5, 3, 1, -1],
    [-3, -1, 2, 3],
  ])('BG/NBD at ln-parameters (%d, %d, %d, %d)', (...theta) => {
    const f = bgNbdObjective(tuples, customers.length);
    const g = new Float64Array(4);
    f(Float64Array.from(theta), g);
    numericalGradient(f, theta).forEach((v, k) => expect(Math.abs((g[k] as number) - v)).toBeLessThan(1e-7 * Math.max(1, Math.abs(v))));
  });

  it.each([
    [-0.6, 2.36, -0.5, 2.46], // CDNOW-like: α < β, small z
    [0.3, 3.2, -0.9, 0.9], // α ≫ β: z near 1 for small t_x
    [0.7, -0.4, -0.2, 3.4], // α ≪ β: z near 1
    [0, 6, 0, 0.5], // α/β ≈ 245: the one-time buyers' z = 0.996, past the series (numerical fallback)
  ])('Pareto/NBD at ln-parameters (%d, %d, %d, %d)', (...theta) => {
    const f = paretoNbdObjective(tuples, customers.length);
    const g = new Float64Array(4);
    f(Float64Array.from(theta), g);
    numericalGradient(f, theta).forEach((v, k) => expect(Math.abs((g[k] as number) - v)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))));
  });

  it('Pareto/NBD objective equals the sum of the per-customer log-likelihoods on simulated data', () => {
    const data = simulateParetoNbdSummaries({ params: { r: 0.8, alpha: 6, s: 0.5, beta: 9 }, customers: 500, T: [20, 30], seed: 4, timeStep: 1 / 7 });
    const t = compressRfm(data);
    const params = { r: 0.8, alpha: 6, s: 0.5, beta: 9 };
    const value = paretoNbdObjective(t, data.length)(Float64Array.from([Math.log(0.8), Math.log(6), Math.log(0.5), Math.log(9)]), new Float64Array(4));
    const direct = -data.reduce((sum, c) => sum + paretoNbdLogLikelihood(params, c), 0) / data.length;
    expect(Math.abs(value - direct)).toBeLessThan(1e-12 * Math.abs(direct));
  });
});
