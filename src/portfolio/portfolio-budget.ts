import { FidelisError } from '../core/errors.js';
import { allocate, Money } from '../core/money.js';
import { PORTFOLIO_QUADRANTS, type PortfolioQuadrant } from './portfolio-quadrants.js';

/**
 * How much of the budget each quadrant attracts per unit of potential. Defaults: stars 1,
 * question marks 1, profit customers 0.5, selection customers 0.25.
 *
 * @example
 * ```ts
 * import { DEFAULT_BUDGET_WEIGHTS } from 'fidelis';
 * DEFAULT_BUDGET_WEIGHTS.profit; // 0.5
 * ```
 */
export const DEFAULT_BUDGET_WEIGHTS: Readonly<Record<PortfolioQuadrant, number>> = {
  star: 1,
  'question-mark': 1,
  profit: 0.5,
  selection: 0.25,
};

/**
 * A marketing budget split across the quadrants.
 *
 * @example
 * ```ts
 * import type { PortfolioBudget } from 'fidelis';
 * declare const b: PortfolioBudget;
 * b.byQuadrant.star.toString(); // e.g. '6250.00 EUR'
 * ```
 */
export interface PortfolioBudget {
  /** The whole budget. */
  readonly total: Money;
  /** Each quadrant's part; the parts sum exactly to the total. */
  readonly byQuadrant: Readonly<Record<PortfolioQuadrant, Money>>;
  /** `'potential'`: split by weight × the quadrant's total potential; `'customers'`: by weight × customer count (no positive potential anywhere). */
  readonly basis: 'potential' | 'customers';
  /** The weights used (see {@link DEFAULT_BUDGET_WEIGHTS}). */
  readonly weights: Readonly<Record<PortfolioQuadrant, number>>;
}

/**
 * Split `total` across the quadrants by the documented rule: each quadrant gets a share
 * proportional to `weight × its total potential` (negative potential counts 0); if no quadrant
 * has positive potential, proportional to `weight × its customer count`. The split is exact
 * in the currency's minor units (largest remainder, ties to the earlier quadrant in
 * {@link PORTFOLIO_QUADRANTS} order).
 *
 * @example
 * ```ts
 * import { allocatePortfolioBudget, Money } from 'fidelis';
 * const b = allocatePortfolioBudget(
 *   Money.of('1000.00', 'EUR'),
 *   { star: 300, 'question-mark': 100, profit: 100, selection: 100 }, // total potential per quadrant
 *   { star: 10, 'question-mark': 20, profit: 30, selection: 40 },     // customers per quadrant
 * );
 * // default weights: 300×1 : 100×1 : 100×0.5 : 100×0.25 = 300 : 100 : 50 : 25
 * b.byQuadrant.star.toString(); // '631.58 EUR' (then 210.53, 105.26, 52.63)
 * ```
 */
export function allocatePortfolioBudget(
  total: Money,
  potentials: Readonly<Record<PortfolioQuadrant, number>>,
  counts: Readonly<Record<PortfolioQuadrant, number>>,
  weights: Partial<Readonly<Record<PortfolioQuadrant, number>>> = {},
): PortfolioBudget {
  const w = { ...DEFAULT_BUDGET_WEIGHTS, ...weights };
  for (const q of PORTFOLIO_QUADRANTS) {
    if (!(Number.isFinite(w[q]) && w[q] >= 0)) {
      throw new FidelisError('VALIDATION_FAILED', `budgetWeights.${q}: ${w[q]} is not a finite number ≥ 0`, {
        issues: [{ path: `budgetWeights.${q}`, message: 'must be a finite number ≥ 0' }],
      });
    }
  }
  const byPotential = PORTFOLIO_QUADRANTS.map((q) => w[q] * Math.max(0, potentials[q]));
  const basis = byPotential.some((x) => x > 0) ? 'potential' : 'customers';
  const raw = basis === 'potential' ? byPotential : PORTFOLIO_QUADRANTS.map((q) => w[q] * counts[q]);
  if (!raw.some((x) => x > 0) && !total.isZero()) {
    throw new FidelisError('INSUFFICIENT_DATA', 'budget: every quadrant has weight 0 or no customers; the budget cannot be split', {});
  }
  // Weights to 12 significant digits: floats such as 0.1 + 0.2 become clean decimals.
  const parts = allocate(
    total,
    raw.map((x) => Number(x.toPrecision(12))),
  );
  const byQuadrant = Object.fromEntries(PORTFOLIO_QUADRANTS.map((q, i) => [q, parts[i] as Money])) as Record<PortfolioQuadrant, Money>;
  return { total, byQuadrant, basis, weights: w };
}
