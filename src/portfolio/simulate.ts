// Simulated customer summaries from known parameters, with a seeded generator: exact
// (x, t_x, T) in continuous time, for tests (parameter recovery) and benchmarks; a million
// customers in a few seconds. Dated purchase logs are in simulate-transactions.ts.
// BG/NBD: λ ~ Gamma(r, α), p ~ Beta(a, b); after the first purchase, purchases arrive at rate λ
// and after each repeat purchase the customer drops out with probability p.
// Pareto/NBD: λ ~ Gamma(r, α), μ ~ Gamma(s, β); purchases at rate λ until an Exp(μ) lifetime.
// Gamma-Gamma spend: ν ~ Gamma(q, γ), each purchase value ~ Gamma(p, ν).

import type { BgNbdParams } from './bg-nbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { checkPositiveParams, invalidOption } from './model-input.js';
import type { ParetoNbdParams } from './pareto-nbd.js';
import { createSeededRandom, type SeededRandom } from './random.js';
import type { CustomerSummary } from './summary.js';

/**
 * Options shared by the summary simulations.
 *
 * @example
 * ```ts
 * import type { SummarySimulationOptions } from 'fidelis';
 * const options: SummarySimulationOptions = { customers: 50_000, T: [27, 30, 33, 36, 39], seed: 7 };
 * ```
 */
export interface SummarySimulationOptions {
  /** Number of customers. */
  readonly customers: number;
  /** Each customer's age T (time from first purchase to the end of calibration): one value for all, or a list cycled over the customers. */
  readonly T: number | readonly number[];
  /** Seed of the generator (same seed, same customers). */
  readonly seed: number;
  /** Spend model; when given, monetaryValue and totalValue are drawn from it (else 0). */
  readonly spend?: GammaGammaParams;
  /** Round recency to multiples of this step (e.g. 1/7 for daily records in weeks), as recorded data would be; default: exact times. */
  readonly timeStep?: number;
}

/**
 * Simulate BG/NBD customer summaries (exact (x, t_x, T), optionally with Gamma-Gamma spend).
 *
 * @example
 * ```ts
 * import { simulateBgNbdSummaries, fitBgNbd } from 'fidelis';
 * const customers = simulateBgNbdSummaries({ params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, customers: 10_000, T: 39, seed: 1 });
 * fitBgNbd(customers).params; // close to the truth
 * ```
 */
export function simulateBgNbdSummaries(options: SummarySimulationOptions & { readonly params: BgNbdParams }): CustomerSummary[] {
  const [r, alpha, a, b] = checkPositiveParams('BG/NBD', options.params, ['r', 'alpha', 'a', 'b']) as [number, number, number, number];
  return simulateSummaries(options, (rng, T) => {
    const lambda = rng.gamma(r, alpha);
    const p = rng.beta(a, b);
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += rng.exponential(lambda);
      if (!(t <= T)) break;
      x += 1;
      last = t;
      if (rng.uniform() < p) break;
    }
    return [x, last];
  });
}

/**
 * Simulate Pareto/NBD customer summaries (exact (x, t_x, T), optionally with Gamma-Gamma spend).
 *
 * @example
 * ```ts
 * import { simulateParetoNbdSummaries } from 'fidelis';
 * const customers = simulateParetoNbdSummaries({ params: { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, customers: 10_000, T: 39, seed: 1 });
 * ```
 */
export function simulateParetoNbdSummaries(
  options: SummarySimulationOptions & { readonly params: ParetoNbdParams },
): CustomerSummary[] {
  const [r, alpha, s, beta] = checkPositiveParams('Pareto/NBD', options.params, ['r', 'alpha', 's', 'beta']) as [
    number,
    number,
    number,
    number,
  ];
  return simulateSummaries(options, (rng, T) => {
    const lambda = rng.gamma(r, alpha);
    const mu = rng.gamma(s, beta);
    const end = Math.min(T, rng.exponential(mu));
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t += rng.exponential(lambda);
      if (!(t <= end)) break;
      x += 1;
      last = t;
    }
    return [x, last];
  });
}

function simulateSummaries(
  options: SummarySimulationOptions,
  customer: (rng: SeededRandom, T: number) => [number, number],
): CustomerSummary[] {
  const { customers, seed, spend, timeStep } = options;
  if (!(Number.isInteger(customers) && customers >= 0)) invalidOption('simulation', 'customers', 'must be a non-negative integer', customers);
  const ages = typeof options.T === 'number' ? [options.T] : options.T;
  if (ages.length === 0 || !ages.every((T) => Number.isFinite(T) && T >= 0)) invalidOption('simulation', 'T', 'must be finite numbers ≥ 0', options.T);
  if (timeStep !== undefined && !(Number.isFinite(timeStep) && timeStep > 0)) invalidOption('simulation', 'timeStep', 'must be a finite number > 0', timeStep);
  const spendParams =
    spend === undefined
      ? undefined
      : (checkPositiveParams('Gamma-Gamma', spend, ['p', 'q', 'gamma']) as [number, number, number]);
  const rng = createSeededRandom(seed);
  const out: CustomerSummary[] = new Array<CustomerSummary>(customers);
  for (let i = 0; i < customers; i++) {
    const T = ages[i % ages.length] as number;
    const [x, exactRecency] = customer(rng, T);
    const recency = timeStep === undefined ? exactRecency : Math.min(T, Math.round(exactRecency / timeStep) * timeStep);
    let monetaryValue = 0;
    let totalValue = 0;
    if (spendParams !== undefined) {
      const [p, q, gamma] = spendParams;
      const nu = rng.gamma(q, gamma);
      const first = rng.gamma(p, nu);
      const repeats = x > 0 ? rng.gamma(p * x, nu) : 0;
      monetaryValue = x > 0 ? repeats / x : 0;
      totalValue = first + repeats;
    }
    out[i] = { customerId: String(i + 1), frequency: x, recency, T, monetaryValue, totalValue, purchaseCount: x + 1 };
  }
  return out;
}
