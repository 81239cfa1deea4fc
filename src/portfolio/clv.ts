// Customer lifetime value: the discounted margin a customer is expected to bring over a horizon,
// month by month, as the `lifetimes` library computes it (customer_lifetime_value):
//   CLV = Σ_{k=1..H} (E[Y(k·f)] − E[Y((k−1)·f)]) · E[value] · margin / (1 + d)^k
// with E[Y(t)] the transaction model's expected purchases in the next t time units given the
// history, E[value] the spend model's expected purchase value, d the monthly discount rate and
// f the length of a month in the model's time unit (30 days, or 4.345 weeks, as lifetimes uses).

import type { GammaGammaModel } from './gamma-gamma.js';
import { invalidOption } from './model-input.js';
import type { CustomerSummary } from './summary.js';
import type { TransactionModel } from './transaction-model.js';
import { TupleTable } from './tuple-table.js';
import { grownTo } from './typed-arrays.js';

/**
 * How to value customers: the models, the horizon, the discount rate and the margin.
 *
 * @example
 * ```ts
 * import type { LifetimeValueSettings } from 'fidelis';
 * const settings: LifetimeValueSettings = {
 *   transactionModel: bgNbdFit, spendModel: gammaGammaFit,
 *   horizonMonths: 12, monthlyDiscountRate: 0.01, margin: 0.3, timeUnit: 'week',
 * };
 * ```
 */
export interface LifetimeValueSettings {
  /** A fitted (or assumed) BG/NBD or Pareto/NBD model; only `expectedPurchases` is used. */
  readonly transactionModel: Pick<TransactionModel, 'expectedPurchases'>;
  /** The expected value of one future purchase: a spend model, or a fixed amount for every customer. */
  readonly spendModel: Pick<GammaGammaModel, 'expectedAverageValue'> | number;
  /** Number of months to look ahead (a positive integer; default 12). */
  readonly horizonMonths?: number;
  /** Discount rate per month, e.g. 0.01 (default 0.01; 0 for undiscounted). */
  readonly monthlyDiscountRate?: number;
  /** Margin as a fraction of purchase value (default 1: value is revenue), or a function of the customer (e.g. their observed margin ratio). */
  readonly margin?: number | ((summary: CustomerSummary) => number);
  /** Time unit of the summaries and the model: 'day' (a month is 30) or 'week' (a month is 4.345). */
  readonly timeUnit: 'day' | 'week';
}

/**
 * The inputs of {@link customerLifetimeValue}: the settings and one customer's summary.
 *
 * @example
 * ```ts
 * import type { LifetimeValueOptions } from 'fidelis';
 * const options: LifetimeValueOptions = { ...settings, summary: customers[0] };
 * ```
 */
export interface LifetimeValueOptions extends LifetimeValueSettings {
  /** The customer's summary (frequency, recency, T, monetaryValue). */
  readonly summary: CustomerSummary;
}

const MONTH = { day: 30, week: 4.345 } as const;

/**
 * Discounted expected margin of one customer over the horizon, in monthly steps (see the
 * module comment for the formula). Throws `VALIDATION_FAILED` for a bad horizon, discount rate,
 * margin or time unit.
 *
 * @example
 * ```ts
 * import { customerLifetimeValue, bgNbdModel, gammaGammaModel } from 'fidelis';
 * const clv = customerLifetimeValue({
 *   transactionModel: bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }),
 *   spendModel: gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 }),
 *   summary: { customerId: '1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35, totalValue: 56.47, purchaseCount: 3 },
 *   horizonMonths: 12, monthlyDiscountRate: 0.01, margin: 0.3, timeUnit: 'week',
 * });
 * ```
 */
export function customerLifetimeValue(options: LifetimeValueOptions): number {
  return lifetimeValuer(options)(options.summary);
}

/**
 * {@link customerLifetimeValue} for many customers with the same settings, in input order. The
 * transaction model is evaluated once per distinct (frequency, recency, T).
 *
 * @example
 * ```ts
 * import { customerLifetimeValues } from 'fidelis';
 * const values = customerLifetimeValues(summaries, { transactionModel: bgNbdFit, spendModel: gammaGammaFit, timeUnit: 'week' });
 * ```
 */
export function customerLifetimeValues(
  summaries: readonly CustomerSummary[],
  settings: LifetimeValueSettings,
): number[] {
  // The transaction model's part depends on the customer only through (x, t_x, T): computed
  // once per distinct tuple (customers recorded to the day share tuples by the thousand).
  const tuples = new TupleTable(3, Math.min(summaries.length, 1 << 16));
  let cache = new Float64Array(1024);
  let known = 0;
  const value = lifetimeValuer(settings, (summary, compute) => {
    // + 0: −0 and 0 are one key.
    const row = tuples.add(summary.frequency + 0, summary.frequency === 0 ? 0 : summary.recency + 0, summary.T + 0, 0, 1);
    if (row < known) return cache[row] as number;
    const purchases = compute();
    if (row === cache.length) cache = grownTo(cache, new Float64Array(2 * cache.length));
    cache[row] = purchases;
    known++;
    return purchases;
  });
  return summaries.map(value);
}

/** Discounted expected purchases of a customer over the horizon, possibly memoised by the caller. */
type PurchasesLookup = (summary: CustomerSummary, compute: () => number) => number;

function lifetimeValuer(
  settings: LifetimeValueSettings,
  lookup: PurchasesLookup = (_, compute) => compute(),
): (summary: CustomerSummary) => number {
  const horizon = settings.horizonMonths ?? 12;
  const rate = settings.monthlyDiscountRate ?? 0.01;
  const margin = settings.margin ?? 1;
  if (!(Number.isInteger(horizon) && horizon >= 1)) invalid('horizonMonths', 'must be a positive integer', horizon);
  if (!(Number.isFinite(rate) && rate > -1)) invalid('monthlyDiscountRate', 'must be a finite number > −1', rate);
  if (typeof margin === 'number' && !Number.isFinite(margin)) invalid('margin', 'must be a finite number', margin);
  const month = MONTH[settings.timeUnit];
  if (month === undefined) invalid('timeUnit', "must be 'day' or 'week'", settings.timeUnit);
  const { transactionModel, spendModel } = settings;
  if (typeof spendModel === 'number' && !(Number.isFinite(spendModel) && spendModel >= 0)) {
    invalid('spendModel', 'must be a spend model or a finite amount ≥ 0', spendModel);
  }
  const discount = Array.from({ length: horizon }, (_, k) => Math.pow(1 + rate, -(k + 1)));
  return (summary) => {
    const value = typeof spendModel === 'number' ? spendModel : spendModel.expectedAverageValue(summary);
    const customerMargin = typeof margin === 'number' ? margin : margin(summary);
    if (!Number.isFinite(customerMargin)) invalid('margin', `must be a finite number for customer ${summary.customerId}`, customerMargin);
    const purchases = lookup(summary, () => {
      let total = 0;
      let previous = 0;
      for (let k = 1; k <= horizon; k++) {
        const cumulative = transactionModel.expectedPurchases(k * month, summary);
        total += (cumulative - previous) * (discount[k - 1] as number);
        previous = cumulative;
      }
      return total;
    });
    return purchases * value * customerMargin;
  };
}

function invalid(path: string, message: string, value: unknown): never {
  return invalidOption('lifetime value', path, message, value);
}
