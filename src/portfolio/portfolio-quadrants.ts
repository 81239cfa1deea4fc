/**
 * The four groups of the customer portfolio (customer value × profit potential):
 *
 * | quadrant | value | potential | strategy |
 * | --- | --- | --- | --- |
 * | `star` | high | high | invest and develop |
 * | `question-mark` | low | high | develop selectively |
 * | `profit` | high | low | keep efficiently |
 * | `selection` | low | low | serve at low cost or let go |
 *
 * @example
 * ```ts
 * import type { PortfolioQuadrant } from 'fidelis';
 * const q: PortfolioQuadrant = 'question-mark';
 * ```
 */
export type PortfolioQuadrant = 'star' | 'question-mark' | 'profit' | 'selection';

/**
 * The quadrants in display order: stars, question marks, profit customers, selection customers.
 *
 * @example
 * ```ts
 * import { PORTFOLIO_QUADRANTS } from 'fidelis';
 * PORTFOLIO_QUADRANTS[0]; // 'star'
 * ```
 */
export const PORTFOLIO_QUADRANTS = ['star', 'question-mark', 'profit', 'selection'] as const satisfies readonly PortfolioQuadrant[];

/**
 * The quadrant of a customer given whether their value and their potential are high
 * (at or above the threshold).
 *
 * @example
 * ```ts
 * import { quadrantOf } from 'fidelis';
 * quadrantOf(false, true); // 'question-mark'
 * ```
 */
export function quadrantOf(highValue: boolean, highPotential: boolean): PortfolioQuadrant {
  if (highPotential) return highValue ? 'star' : 'question-mark';
  return highValue ? 'profit' : 'selection';
}

/**
 * The recommended way to treat a quadrant's customers.
 *
 * @example
 * ```ts
 * import { PORTFOLIO_STRATEGIES } from 'fidelis';
 * PORTFOLIO_STRATEGIES.star.action; // 'invest'
 * ```
 */
export interface PortfolioStrategy {
  /** A stable code a program can switch on. */
  readonly action: 'invest' | 'develop-selectively' | 'retain-efficiently' | 'serve-at-low-cost';
  /** A short name for reports: the quadrant's plural label. */
  readonly label: string;
  /** What to do, in words. */
  readonly description: string;
}

/**
 * The recommended strategy of each quadrant (the portfolio literature's standard advice).
 *
 * @example
 * ```ts
 * import { PORTFOLIO_STRATEGIES } from 'fidelis';
 * PORTFOLIO_STRATEGIES.selection.description;
 * ```
 */
export const PORTFOLIO_STRATEGIES: Readonly<Record<PortfolioQuadrant, PortfolioStrategy>> = {
  star: {
    action: 'invest',
    label: 'stars',
    description: 'Invest and develop: personal care, exclusive offers, the largest share of the budget.',
  },
  'question-mark': {
    action: 'develop-selectively',
    label: 'question marks',
    description: 'Develop selectively: find those whose potential can be realised and move them up; cross-sell.',
  },
  profit: {
    action: 'retain-efficiently',
    label: 'profit customers',
    description: 'Keep efficiently: retain with low-cost loyalty measures; do not over-invest.',
  },
  selection: {
    action: 'serve-at-low-cost',
    label: 'selection customers',
    description: 'Serve at low cost (self-service, standard offers) or let go.',
  },
};
