// Simulated purchase logs: a shop's dated transactions from BG/NBD + Gamma-Gamma with a seeded
// generator, for demos, the summariser's tests and benchmarks (see simulate.ts for the models).

import type { BgNbdParams } from './bg-nbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { checkPositiveParams, invalidOption } from './model-input.js';
import { createSeededRandom } from './random.js';

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
  if (!(Number.isInteger(customers) && customers >= 0)) invalidOption('simulation', 'customers', 'must be a non-negative integer', customers);
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) invalidOption('simulation', 'end', 'must be a valid date after start', options.end);
  if (!(Number.isFinite(acquisitionEnd) && acquisitionEnd > start && acquisitionEnd <= end)) {
    invalidOption('simulation', 'acquisitionEnd', 'must be a valid date in (start, end]', options.acquisitionEnd);
  }
  const unit = UNIT_MS[options.timeUnit ?? 'week'];
  if (unit === undefined) invalidOption('simulation', 'timeUnit', "must be 'day' or 'week'", options.timeUnit);
  const rng = createSeededRandom(seed);
  const width = String(customers).length;
  const amount = (nu: number): number => Math.max(0.01, Math.round(rng.gamma(p, nu) * 100) / 100);
  for (let i = 0; i < customers; i++) {
    const customerId = `c${String(i + 1).padStart(Math.max(6, width), '0')}`;
    const first = start + rng.uniform() * (acquisitionEnd - start);
    const T = (end - first) / unit;
    const lambda = rng.gamma(r, alpha);
    const dropout = rng.beta(a, b);
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
