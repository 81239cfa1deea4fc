import { PORTFOLIO_QUADRANTS, type PortfolioQuadrant } from './portfolio-quadrants.js';

/**
 * A customer's place in a portfolio, as {@link comparePortfolios} reads it: a
 * `PortfolioClassification`'s customers, or any list of id and quadrant.
 *
 * @example
 * ```ts
 * import type { PlacedCustomer } from 'fidelis';
 * const c: PlacedCustomer = { customerId: 'a', quadrant: 'star' };
 * ```
 */
export interface PlacedCustomer {
  /** The customer's id. */
  readonly customerId: string;
  /** Their quadrant. */
  readonly quadrant: PortfolioQuadrant;
}

/**
 * A customer whose quadrant changed between two portfolios.
 *
 * @example
 * ```ts
 * import type { PortfolioMove } from 'fidelis';
 * const m: PortfolioMove = { customerId: 'a', from: 'question-mark', to: 'star' };
 * ```
 */
export interface PortfolioMove {
  /** The customer's id. */
  readonly customerId: string;
  /** Quadrant in the first portfolio. */
  readonly from: PortfolioQuadrant;
  /** Quadrant in the second portfolio. */
  readonly to: PortfolioQuadrant;
}

/**
 * How customers moved between two portfolios (e.g. last year's and this year's).
 *
 * @example
 * ```ts
 * import type { PortfolioComparison } from 'fidelis';
 * declare const c: PortfolioComparison;
 * c.matrix['question-mark'].star; // question marks that became stars
 * ```
 */
export interface PortfolioComparison {
  /** `matrix[from][to]`: customers in both portfolios, by quadrant before and after (the diagonal stayed). */
  readonly matrix: Readonly<Record<PortfolioQuadrant, Readonly<Record<PortfolioQuadrant, number>>>>;
  /** Customers in both portfolios whose quadrant changed, in the order of the second portfolio. */
  readonly moved: readonly PortfolioMove[];
  /** Customers in both portfolios with the same quadrant. */
  readonly stayed: number;
  /** Customers only in the second portfolio (new), with their quadrant. */
  readonly entered: readonly PlacedCustomer[];
  /** Customers only in the first portfolio (gone), with their quadrant then. */
  readonly left: readonly PlacedCustomer[];
}

function emptyRow(): Record<PortfolioQuadrant, number> {
  return { star: 0, 'question-mark': 0, profit: 0, selection: 0 };
}

/**
 * Compare two portfolios of the same customer base: the transition matrix between quadrants,
 * the customers that moved, and those that entered or left. Accepts classification results
 * (`{ customers }`) or plain lists of `{ customerId, quadrant }`.
 *
 * @example
 * ```ts
 * import { comparePortfolios } from 'fidelis';
 * const c = comparePortfolios(
 *   [{ customerId: 'a', quadrant: 'question-mark' }, { customerId: 'b', quadrant: 'star' }],
 *   [{ customerId: 'a', quadrant: 'star' }, { customerId: 'c', quadrant: 'selection' }],
 * );
 * c.matrix['question-mark'].star; // 1
 * c.moved;   // [{ customerId: 'a', from: 'question-mark', to: 'star' }]
 * c.entered; // [{ customerId: 'c', quadrant: 'selection' }]
 * c.left;    // [{ customerId: 'b', quadrant: 'star' }]
 * ```
 */
export function comparePortfolios(
  before: readonly PlacedCustomer[] | { readonly customers: readonly PlacedCustomer[] },
  after: readonly PlacedCustomer[] | { readonly customers: readonly PlacedCustomer[] },
): PortfolioComparison {
  const first = 'customers' in before ? before.customers : before;
  const second = 'customers' in after ? after.customers : after;
  const was = new Map<string, PortfolioQuadrant>();
  for (const c of first) was.set(c.customerId, c.quadrant);
  const matrix = Object.fromEntries(PORTFOLIO_QUADRANTS.map((q) => [q, emptyRow()])) as Record<PortfolioQuadrant, Record<PortfolioQuadrant, number>>;
  const moved: PortfolioMove[] = [];
  const entered: PlacedCustomer[] = [];
  const seen = new Set<string>();
  let stayed = 0;
  for (const c of second) {
    seen.add(c.customerId);
    const from = was.get(c.customerId);
    if (from === undefined) {
      entered.push({ customerId: c.customerId, quadrant: c.quadrant });
      continue;
    }
    matrix[from][c.quadrant]++;
    if (from === c.quadrant) stayed++;
    else moved.push({ customerId: c.customerId, from, to: c.quadrant });
  }
  const left = first.filter((c) => !seen.has(c.customerId)).map((c) => ({ customerId: c.customerId, quadrant: c.quadrant }));
  return { matrix, moved, stayed, entered, left };
}
