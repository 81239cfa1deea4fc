import { FidelisError } from '../core/errors.js';
import { Money } from '../core/money.js';
import { customerLifetimeValues, type LifetimeValueSettings } from './clv.js';
import { allocatePortfolioBudget, type PortfolioBudget } from './portfolio-budget.js';
import { PORTFOLIO_QUADRANTS, PORTFOLIO_STRATEGIES, type PortfolioQuadrant, type PortfolioStrategy, quadrantOf } from './portfolio-quadrants.js';
import { type PortfolioThreshold, type PortfolioTies, splitOf } from './portfolio-thresholds.js';
import { rfmScores } from './rfm.js';
import { TupleTable } from './tuple-table.js';
import type { CustomerSummary } from './summary.js';
import type { TransactionModel } from './transaction-model.js';

/**
 * How to measure a customer on an axis of the portfolio:
 *
 * - `'revenue'`: `totalValue`, what the customer has spent (historic value);
 * - `'margin'`: `totalMargin` (summaries must carry margins);
 * - `'rfm'`: the sum of the RFM scores, 3–15 (see {@link rfmScores});
 * - `'expected-purchases'`: `transactionModel.expectedPurchases(horizon, summary)`;
 * - `'clv'`: discounted expected value over a horizon, {@link customerLifetimeValues} with
 *   `lifetimeValue` (fitted transaction and spend models);
 * - a function of the summary (and its index) returning a finite number.
 *
 * @example
 * ```ts
 * import type { PortfolioMeasure } from 'fidelis';
 * const value: PortfolioMeasure = 'revenue';
 * const potential: PortfolioMeasure = (s) => s.frequency * s.monetaryValue;
 * ```
 */
export type PortfolioMeasure =
  | 'revenue'
  | 'margin'
  | 'rfm'
  | 'expected-purchases'
  | 'clv'
  | ((summary: CustomerSummary, index: number) => number);

/**
 * Options of {@link classifyPortfolio}.
 *
 * @example
 * ```ts
 * import type { PortfolioOptions } from 'fidelis';
 * const o: PortfolioOptions = {
 *   value: 'revenue',
 *   potential: 'clv',
 *   lifetimeValue: { transactionModel: bgNbdFit, spendModel: gammaGammaFit, timeUnit: 'week' },
 *   thresholds: { potential: { quantile: 0.75 } },
 *   budget: { amount: '50000.00', currency: 'EUR' },
 * };
 * ```
 */
export interface PortfolioOptions {
  /** Customer value axis (default `'revenue'`). */
  readonly value?: PortfolioMeasure;
  /** Profit potential axis (default `'clv'`, which needs `lifetimeValue`). */
  readonly potential?: PortfolioMeasure;
  /** Thresholds of both axes (default `'median'`), or one per axis. A measure ≥ its threshold is high. */
  readonly thresholds?: PortfolioThreshold | { readonly value?: PortfolioThreshold; readonly potential?: PortfolioThreshold };
  /** Models and settings for the `'clv'` measure. */
  readonly lifetimeValue?: LifetimeValueSettings;
  /** Model for the `'expected-purchases'` measure. */
  readonly transactionModel?: Pick<TransactionModel, 'expectedPurchases'>;
  /** Horizon of `'expected-purchases'`, in the summaries' time unit (e.g. 52 for a year in weeks). */
  readonly horizon?: number;
  /** A marketing budget to split across the quadrants (see {@link allocatePortfolioBudget}). */
  readonly budget?: Money | { readonly amount: string | number; readonly currency: string };
  /** Budget weight per quadrant (default {@link DEFAULT_BUDGET_WEIGHTS}). */
  readonly budgetWeights?: Partial<Readonly<Record<PortfolioQuadrant, number>>>;
}

/**
 * One customer placed in the portfolio.
 *
 * @example
 * ```ts
 * import type { PortfolioCustomer } from 'fidelis';
 * const c: PortfolioCustomer = { customerId: 'a', value: 120, potential: 35.2, quadrant: 'star' };
 * ```
 */
export interface PortfolioCustomer {
  /** The customer's id. */
  readonly customerId: string;
  /** Their customer value (the `value` measure). */
  readonly value: number;
  /** Their profit potential (the `potential` measure). */
  readonly potential: number;
  /** Their quadrant. */
  readonly quadrant: PortfolioQuadrant;
}

/**
 * Sums and shares of one quadrant.
 *
 * @example
 * ```ts
 * import type { QuadrantFigures } from 'fidelis';
 * const f: QuadrantFigures = { customers: 10, value: 1200, potential: 300, customerShare: 0.1, valueShare: 0.4, potentialShare: 0.3 };
 * ```
 */
export interface QuadrantFigures {
  /** Customers in the quadrant. */
  readonly customers: number;
  /** Sum of their value. */
  readonly value: number;
  /** Sum of their potential. */
  readonly potential: number;
  /** Share of all customers (0–1). */
  readonly customerShare: number;
  /** Share of the total value (0 when the total is 0). */
  readonly valueShare: number;
  /** Share of the total potential (0 when the total is 0). */
  readonly potentialShare: number;
}

/**
 * The result of {@link classifyPortfolio}.
 *
 * @example
 * ```ts
 * import type { PortfolioClassification } from 'fidelis';
 * declare const p: PortfolioClassification;
 * p.counts.star; p.shares.star.valueShare; p.strategies.star.action;
 * ```
 */
export interface PortfolioClassification {
  /** Every customer with value, potential and quadrant, in input order. */
  readonly customers: readonly PortfolioCustomer[];
  /** The thresholds used: a measure ≥ its threshold is high. */
  readonly thresholds: { readonly value: number; readonly potential: number };
  /** How many customers share the measure at each threshold, and the side they went to (ties are never split). */
  readonly ties: PortfolioTies;
  /** Names of the measures, for reports (`'revenue'`, `'clv'`, `'custom'`). */
  readonly measures: { readonly value: string; readonly potential: string };
  /** Customers per quadrant. */
  readonly counts: Readonly<Record<PortfolioQuadrant, number>>;
  /** Sums and shares of value and potential per quadrant. */
  readonly shares: Readonly<Record<PortfolioQuadrant, QuadrantFigures>>;
  /** The recommended strategy per quadrant. */
  readonly strategies: Readonly<Record<PortfolioQuadrant, PortfolioStrategy>>;
  /** The budget split, when `budget` was given. */
  readonly budget?: PortfolioBudget;
}

function invalid(path: string, message: string): FidelisError {
  return new FidelisError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });
}

function measureName(m: PortfolioMeasure): string {
  return typeof m === 'function' ? 'custom' : m;
}

/** Compute one axis for every customer. */
function measure(
  m: PortfolioMeasure,
  axis: 'value' | 'potential',
  customers: readonly CustomerSummary[],
  options: PortfolioOptions,
  rfm: () => number[],
): Float64Array {
  const n = customers.length;
  const out = new Float64Array(n);
  if (typeof m === 'function') {
    for (let i = 0; i < n; i++) out[i] = m(customers[i] as CustomerSummary, i);
  } else if (m === 'revenue') {
    for (let i = 0; i < n; i++) out[i] = (customers[i] as CustomerSummary).totalValue;
  } else if (m === 'margin') {
    for (let i = 0; i < n; i++) {
      const margin = (customers[i] as CustomerSummary).totalMargin;
      if (margin === undefined) throw invalid(`customers[${i}].totalMargin`, `is missing, but the ${axis} measure is 'margin' (summarise transactions with margins)`);
      out[i] = margin;
    }
  } else if (m === 'rfm') {
    out.set(rfm());
  } else if (m === 'expected-purchases') {
    const model = options.transactionModel;
    const horizon = options.horizon;
    if (model === undefined) throw invalid('transactionModel', `is needed by the ${axis} measure 'expected-purchases' (pass a fitted BG/NBD or Pareto/NBD model)`);
    if (horizon === undefined || !(horizon > 0 && Number.isFinite(horizon))) {
      throw invalid('horizon', `must be a positive number of time units for the ${axis} measure 'expected-purchases'`);
    }
    for (let i = 0; i < n; i++) out[i] = model.expectedPurchases(horizon, customers[i] as CustomerSummary);
  } else if (m === 'clv') {
    if (options.lifetimeValue === undefined) {
      throw invalid('lifetimeValue', `is needed by the ${axis} measure 'clv' (pass fitted transaction and spend models), or choose another measure`);
    }
    out.set(lifetimeValues(customers, options.lifetimeValue));
  } else {
    throw invalid(axis, `"${String(m)}" is not a measure (revenue, margin, rfm, expected-purchases, clv or a function)`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i] as number)) {
      const id = (customers[i] as CustomerSummary).customerId;
      throw invalid(`customers[${i}]`, `the ${axis} measure '${measureName(m)}' gave ${String(out[i])} for customer ${id}; it must be a finite number`);
    }
  }
  return out;
}

/**
 * CLV of every customer, computed once per distinct (frequency, recency, T, monetaryValue) when
 * the margin is a constant: the value depends on nothing else, and real logs (in days or weeks)
 * repeat these tuples a lot.
 */
function lifetimeValues(customers: readonly CustomerSummary[], settings: LifetimeValueSettings): Float64Array {
  const out = new Float64Array(customers.length);
  if (typeof settings.margin === 'function') {
    out.set(customerLifetimeValues(customers, settings));
    return out;
  }
  const tuples = new TupleTable(4, Math.min(customers.length, 1 << 16));
  const distinct: CustomerSummary[] = [];
  const index = new Int32Array(customers.length);
  for (let i = 0; i < customers.length; i++) {
    const s = customers[i] as CustomerSummary;
    // + 0: −0 and 0 are one key.
    const k = tuples.add(s.frequency + 0, s.recency + 0, s.T + 0, s.monetaryValue + 0, 1);
    if (k === distinct.length) distinct.push(s);
    index[i] = k;
  }
  const values = customerLifetimeValues(distinct, settings);
  for (let i = 0; i < customers.length; i++) out[i] = values[index[i] as number] as number;
  return out;
}

function toMoney(budget: NonNullable<PortfolioOptions['budget']>): Money {
  return budget instanceof Money ? budget : Money.of(budget.amount, budget.currency, 'budget.amount');
}

/**
 * Place every customer in the portfolio: customer value (what they have brought) on one axis,
 * profit potential (what they are expected to bring) on the other, each split at a threshold
 * (median by default; a measure ≥ its threshold is "high"):
 * stars (high, high), question marks (low value, high potential), profit customers (high value,
 * low potential) and selection customers (low, low). Returns the thresholds, counts, sums and
 * shares per quadrant, the recommended strategies and, given a `budget`, its split.
 *
 * @example
 * ```ts
 * import { classifyPortfolio, fitBgNbd, fitGammaGamma } from 'fidelis';
 * const transactionModel = fitBgNbd(summaries);
 * const spendModel = fitGammaGamma(summaries);
 * const portfolio = classifyPortfolio(summaries, {
 *   value: 'revenue',
 *   potential: 'clv',
 *   lifetimeValue: { transactionModel, spendModel, timeUnit: 'week', horizonMonths: 12 },
 *   budget: { amount: '10000.00', currency: 'EUR' },
 * });
 * portfolio.counts.star; // how many stars
 * portfolio.budget?.byQuadrant.star.toString(); // their share of the budget
 * ```
 */
export function classifyPortfolio(customers: readonly CustomerSummary[], options: PortfolioOptions = {}): PortfolioClassification {
  const n = customers.length;
  if (n === 0) throw new FidelisError('INSUFFICIENT_DATA', 'customers: the portfolio needs at least one customer', {});
  const valueMeasure = options.value ?? 'revenue';
  const potentialMeasure = options.potential ?? 'clv';
  let rfmTotals: number[] | undefined;
  const rfm = (): number[] => (rfmTotals ??= rfmScores(customers).map((s) => s.total));
  const values = measure(valueMeasure, 'value', customers, options, rfm);
  const potentials = measure(potentialMeasure, 'potential', customers, options, rfm);
  const t = options.thresholds ?? 'median';
  const single = typeof t === 'string' || 'quantile' in t || 'absolute' in t;
  const valueSplit = single ? splitOf(values, t, 'thresholds') : splitOf(values, t.value ?? 'median', 'thresholds.value');
  const potentialSplit = single ? splitOf(potentials, t, 'thresholds') : splitOf(potentials, t.potential ?? 'median', 'thresholds.potential');
  const thresholds = { value: valueSplit.threshold, potential: potentialSplit.threshold };
  const counts = { star: 0, 'question-mark': 0, profit: 0, selection: 0 };
  const valueSums = { star: 0, 'question-mark': 0, profit: 0, selection: 0 };
  const potentialSums = { star: 0, 'question-mark': 0, profit: 0, selection: 0 };
  let valueTotal = 0;
  let potentialTotal = 0;
  const placed = new Array<PortfolioCustomer>(n);
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    const potential = potentials[i] as number;
    const quadrant = quadrantOf(value >= thresholds.value, potential >= thresholds.potential);
    counts[quadrant]++;
    valueSums[quadrant] += value;
    potentialSums[quadrant] += potential;
    valueTotal += value;
    potentialTotal += potential;
    placed[i] = { customerId: (customers[i] as CustomerSummary).customerId, value, potential, quadrant };
  }
  const shares = Object.fromEntries(
    PORTFOLIO_QUADRANTS.map((q) => [
      q,
      {
        customers: counts[q],
        value: valueSums[q],
        potential: potentialSums[q],
        customerShare: counts[q] / n,
        valueShare: valueTotal === 0 ? 0 : valueSums[q] / valueTotal,
        potentialShare: potentialTotal === 0 ? 0 : potentialSums[q] / potentialTotal,
      },
    ]),
  ) as Record<PortfolioQuadrant, QuadrantFigures>;
  const result: PortfolioClassification = {
    customers: placed,
    thresholds,
    ties: { value: valueSplit.tie, potential: potentialSplit.tie },
    measures: { value: measureName(valueMeasure), potential: measureName(potentialMeasure) },
    counts,
    shares,
    strategies: PORTFOLIO_STRATEGIES,
  };
  if (options.budget === undefined) return result;
  return { ...result, budget: allocatePortfolioBudget(toMoney(options.budget), potentialSums, counts, options.budgetWeights) };
}
