// Simulated customer bases from known parameters, with a seeded generator: for tests
// (parameter recovery), demos and benchmarks. Two levels:
// - summaries directly (simulateBgNbdSummaries, simulateParetoNbdSummaries): exact (x, t_x, T)
//   in continuous time, a million customers in well under a second;
// - dated transactions (simulateTransactions, simulatedTransactions): a shop's purchase log.
// BG/NBD: λ ~ Gamma(r, α), p ~ Beta(a, b); after the first purchase, purchases arrive at rate λ
// and after each repeat purchase the customer drops out with probability p.
// Pareto/NBD: λ ~ Gamma(r, α), μ ~ Gamma(s, β); purchases at rate λ until an Exp(μ) lifetime.
// Gamma-Gamma spend: ν ~ Gamma(q, γ), each purchase value ~ Gamma(p, ν).

import { FidelisError } from '../core/errors.js';
import type { BgNbdParams } from './bg-nbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { checkPositiveParams } from './model-input.js';
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
    const p = drawBeta(rng, a, b);
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
  if (!(Number.isInteger(customers) && customers >= 0)) invalid('customers', 'must be a non-negative integer', customers);
  const ages = typeof options.T === 'number' ? [options.T] : options.T;
  if (ages.length === 0 || !ages.every((T) => Number.isFinite(T) && T >= 0)) invalid('T', 'must be finite numbers ≥ 0', options.T);
  if (timeStep !== undefined && !(Number.isFinite(timeStep) && timeStep > 0)) invalid('timeStep', 'must be a finite number > 0', timeStep);
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

/**
 * One simulated purchase.
 *
 * @example
 * ```ts
 * import type { SimulatedTransaction } from 'fidelis';
 * const t: SimulatedTransaction = { customerId: 'c000001', at: new Date('2024-01-03T10:00:00Z'), amount: 23.5 };
 * ```
 */
export interface SimulatedTransaction {
  /** The customer's id (`c` and a zero-padded number). */
  readonly customerId: string;
  /** When the purchase happened. */
  readonly at: Date;
  /** Purchase value, rounded to cents (at least 0.01). */
  readonly amount: number;
}

/**
 * Options of {@link simulateTransactions}.
 *
 * @example
 * ```ts
 * import type { TransactionSimulationOptions } from 'fidelis';
 * const options: TransactionSimulationOptions = {
 *   params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 1000,
 *   start: new Date('2024-01-01T00:00:00Z'), end: new Date('2025-01-01T00:00:00Z'), seed: 42,
 * };
 * ```
 */
export interface TransactionSimulationOptions {
  /** BG/NBD parameters of the purchase process, in `timeUnit`. */
  readonly params: BgNbdParams;
  /** Spend model (default: the CDNOW fit p = 6.25, q = 3.74, γ = 15.44). */
  readonly spend?: GammaGammaParams;
  /** Number of customers. */
  readonly customers: number;
  /** Start of the simulated period. */
  readonly start: Date;
  /** End of the simulated period (exclusive). */
  readonly end: Date;
  /** First purchases fall uniformly in [start, acquisitionEnd) (default: end). */
  readonly acquisitionEnd?: Date;
  /** Seed of the generator. */
  readonly seed: number;
  /** Unit of α: 'day' or 'week' (default 'week'). */
  readonly timeUnit?: 'day' | 'week';
}

/**
 * The truth behind one simulated customer.
 *
 * @example
 * ```ts
 * import { simulateTransactions } from 'fidelis';
 * const { customers } = simulateTransactions(options);
 * customers[0].purchaseRate; // λ drawn for the first customer, per time unit
 * ```
 */
export interface SimulatedCustomer {
  /** The customer's id. */
  readonly customerId: string;
  /** Time of the first purchase. */
  readonly firstPurchase: Date;
  /** Purchase rate λ per time unit. */
  readonly purchaseRate: number;
  /** Dropout probability p after each repeat purchase. */
  readonly dropoutProbability: number;
  /** Mean purchase value p/ν. */
  readonly meanValue: number;
  /** Whether the customer is still active at the end. */
  readonly alive: boolean;
  /** Repeat purchases (exact, continuous time). */
  readonly frequency: number;
  /** First to last purchase, in time units. */
  readonly recency: number;
  /** First purchase to the end, in time units. */
  readonly T: number;
}

/**
 * Simulate a shop's purchase log from BG/NBD + Gamma-Gamma, seeded: each customer's first
 * purchase falls uniformly in [start, acquisitionEnd), then purchases follow the model until
 * `end`. Returns the transactions (per customer, in time order) and each customer's truth.
 * For very large logs use {@link simulatedTransactions}, which yields them one at a time.
 *
 * @example
 * ```ts
 * import { simulateTransactions } from 'fidelis';
 * const { transactions } = simulateTransactions({
 *   params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 1000,
 *   start: new Date('2024-01-01T00:00:00Z'), end: new Date('2025-01-01T00:00:00Z'), seed: 42,
 * });
 * ```
 */
export function simulateTransactions(options: TransactionSimulationOptions): {
  readonly transactions: SimulatedTransaction[];
  readonly customers: SimulatedCustomer[];
} {
  const transactions: SimulatedTransaction[] = [];
  const customers: SimulatedCustomer[] = [];
  for (const t of simulatedTransactions(options, (c) => customers.push(c))) transactions.push(t);
  return { transactions, customers };
}

const UNIT_MS = { day: 86_400_000, week: 604_800_000 } as const;

/**
 * The transactions of {@link simulateTransactions}, generated lazily (constant memory, for
 * logs of tens of millions of purchases). `onCustomer` receives each customer's truth.
 *
 * @example
 * ```ts
 * import { simulatedTransactions } from 'fidelis';
 * let n = 0;
 * for (const t of simulatedTransactions(options)) n += 1;
 * ```
 */
export function* simulatedTransactions(
  options: TransactionSimulationOptions,
  onCustomer?: (customer: SimulatedCustomer) => void,
): Generator<SimulatedTransaction, void, undefined> {
  const [r, alpha, a, b] = checkPositiveParams('BG/NBD', options.params, ['r', 'alpha', 'a', 'b']) as [number, number, number, number];
  const [p, q, gamma] = checkPositiveParams('Gamma-Gamma', options.spend ?? { p: 6.25, q: 3.74, gamma: 15.44 }, [
    'p',
    'q',
    'gamma',
  ]) as [number, number, number];
  const { customers, seed } = options;
  const start = options.start.getTime();
  const end = options.end.getTime();
  const acquisitionEnd = (options.acquisitionEnd ?? options.end).getTime();
  if (!(Number.isInteger(customers) && customers >= 0)) invalid('customers', 'must be a non-negative integer', customers);
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) invalid('end', 'must be a valid date after start', options.end);
  if (!(Number.isFinite(acquisitionEnd) && acquisitionEnd > start && acquisitionEnd <= end)) {
    invalid('acquisitionEnd', 'must be a valid date in (start, end]', options.acquisitionEnd);
  }
  const unit = UNIT_MS[options.timeUnit ?? 'week'];
  if (unit === undefined) invalid('timeUnit', "must be 'day' or 'week'", options.timeUnit);
  const rng = createSeededRandom(seed);
  const width = String(customers).length;
  const amount = (nu: number): number => Math.max(0.01, Math.round(rng.gamma(p, nu) * 100) / 100);
  for (let i = 0; i < customers; i++) {
    const customerId = `c${String(i + 1).padStart(Math.max(6, width), '0')}`;
    const first = start + rng.uniform() * (acquisitionEnd - start);
    const T = (end - first) / unit;
    const lambda = rng.gamma(r, alpha);
    const dropout = drawBeta(rng, a, b);
    const nu = rng.gamma(q, gamma);
    yield { customerId, at: new Date(Math.floor(first)), amount: amount(nu) };
    let t = 0;
    let x = 0;
    let last = 0;
    let alive = true;
    for (;;) {
      t += rng.exponential(lambda);
      if (!(t < T)) break;
      x += 1;
      last = t;
      yield { customerId, at: new Date(Math.floor(first + t * unit)), amount: amount(nu) };
      if (rng.uniform() < dropout) {
        alive = false;
        break;
      }
    }
    onCustomer?.({
      customerId,
      firstPurchase: new Date(Math.floor(first)),
      purchaseRate: lambda,
      dropoutProbability: dropout,
      meanValue: p / nu,
      alive,
      frequency: x,
      recency: last,
      T,
    });
  }
}

/** Beta(a, b), guarding the case where both gamma draws underflow to 0 (tiny shapes). */
function drawBeta(rng: SeededRandom, a: number, b: number): number {
  const v = rng.beta(a, b);
  return Number.isNaN(v) ? (rng.uniform() < a / (a + b) ? 1 : 0) : v;
}

function invalid(path: string, message: string, value: unknown): never {
  throw new FidelisError('VALIDATION_FAILED', `Invalid simulation options: ${path}: ${message} (got ${String(value)})`, {
    issues: [{ path, message }],
  });
}
