import { currencyExponent } from '../core/currency.js';
import { roundDecimal } from '../core/decimal.js';
import { FidelisError } from '../core/errors.js';
import { type SegmentAssignment, type SegmentAssignmentInput, parseSegmentAssignments } from '../core/segment.js';
import type { PortfolioClassification } from '../portfolio/classify.js';
import type { RfmScore } from '../portfolio/rfm.js';
import type { EngineContext } from './context.js';

/**
 * Options of {@link SegmentOperations.assignSegments}: the classification's date and what else
 * is known per customer.
 *
 * @example
 * ```ts
 * const o: AssignSegmentsOptions = { asOf: '1998-06-30T00:00:00Z', rfm: rfmScores(summaries), pAlive: summaries.map((s) => fit.probabilityAlive(s)) };
 * ```
 */
export interface AssignSegmentsOptions {
  /** The classification's date (its observation end): a later one replaces a stored segment, an earlier one is ignored. */
  readonly asOf: Date | string;
  /** RFM scores (`rfmScores(summaries)`): each customer's `segment` becomes its `rfm`. */
  readonly rfm?: readonly RfmScore[];
  /** P(alive) per customer, in the order of `portfolio.customers` (the summaries' order). */
  readonly pAlive?: readonly number[];
  /** Labels per customer id. */
  readonly labels?: Readonly<Record<string, readonly string[]>>;
  /** The currency whose decimals the CLV is written with; the engine's default program's by default (2 decimals without programs). */
  readonly currency?: string;
}

/**
 * The segment operations of the {@link LoyaltyEngine}: store a portfolio classification per
 * customer, so conditions (`customer.segment.*`) and the contact policy (`bySegment`) act on it.
 *
 * @example
 * ```ts
 * const portfolio = classifyPortfolio(summaries, { potential: 'clv', lifetimeValue });
 * await engine.assignSegments(portfolio, { asOf: '1998-06-30T00:00:00Z' });
 * ```
 */
export interface SegmentOperations {
  /**
   * Store each customer's quadrant (and CLV when the value or potential measure is `clv`, RFM
   * segment, P(alive) and labels when given) as of `asOf`. Every assignment is validated first
   * (`VALIDATION_FAILED` naming `segments[i].<field>`; nothing written). Returns how many
   * customers were written (those with a later segment stored are left as they are).
   *
   * @example
   * ```ts
   * await engine.assignSegments(portfolio, { asOf: '1998-06-30T00:00:00Z' }); // { customers: 2357, saved: 2357 }
   * ```
   */
  assignSegments(portfolio: Pick<PortfolioClassification, 'customers' | 'measures'>, options: AssignSegmentsOptions): Promise<{ readonly customers: number; readonly saved: number }>;
  /**
   * Store segment assignments as given (validated first; nothing written on a problem).
   *
   * @example
   * ```ts
   * await engine.saveSegments([{ customerId: 'c1', asOf: '2026-06-30T00:00:00Z', quadrant: 'star', labels: ['vip'] }]);
   * ```
   */
  saveSegments(assignments: readonly SegmentAssignmentInput[]): Promise<{ readonly saved: number }>;
  /**
   * A customer's stored segment, or undefined.
   *
   * @example
   * ```ts
   * (await engine.segmentOf('c1'))?.quadrant; // 'star'
   * ```
   */
  segmentOf(customerId: string): Promise<SegmentAssignment | undefined>;
}

/**
 * The segment assignments of a portfolio classification (pure; what `assignSegments` stores):
 * quadrant; CLV from the `clv` measure rounded half-up to `decimals`; the RFM segment by customer
 * id; P(alive) by position; labels by customer id.
 *
 * @example
 * ```ts
 * segmentAssignments({ customers: [{ customerId: 'a', value: 10, potential: 54.205, quadrant: 'star' }], measures: { value: 'revenue', potential: 'clv' } },
 *   { asOf: '1998-06-30T00:00:00Z' }, 2);
 * // [{ customerId: 'a', asOf: '1998-06-30T00:00:00Z', quadrant: 'star', clv: '54.21' }]
 * ```
 */
export function segmentAssignments(portfolio: Pick<PortfolioClassification, 'customers' | 'measures'>, options: AssignSegmentsOptions, decimals: number): SegmentAssignmentInput[] {
  const { customers, measures } = portfolio;
  if (options.pAlive !== undefined && options.pAlive.length !== customers.length) {
    const message = `has ${options.pAlive.length} values for ${customers.length} customers (give one per customer, in the portfolio's order)`;
    throw new FidelisError('VALIDATION_FAILED', `pAlive: ${message}`, { issues: [{ path: 'pAlive', message }] });
  }
  const rfm = new Map((options.rfm ?? []).map((s) => [s.customerId, s.segment] as const));
  const clvOf = measures.potential === 'clv' ? (c: (typeof customers)[number]) => c.potential : measures.value === 'clv' ? (c: (typeof customers)[number]) => c.value : undefined;
  return customers.map((c, i) => {
    const clv = clvOf?.(c);
    const pAlive = options.pAlive?.[i];
    const segment = rfm.get(c.customerId);
    const labels = options.labels?.[c.customerId];
    return {
      customerId: c.customerId,
      asOf: options.asOf,
      quadrant: c.quadrant,
      ...(clv === undefined || !Number.isFinite(clv) ? {} : { clv: roundDecimal(clv, decimals, 'half-up').toFixed(decimals) }),
      ...(segment === undefined ? {} : { rfm: segment }),
      ...(pAlive === undefined ? {} : { pAlive }),
      ...(labels === undefined ? {} : { labels: [...labels] }),
    };
  });
}

/**
 * Build the segment operations over an engine context.
 *
 * @example
 * ```ts
 * const ops = segmentOperations(ctx);
 * ```
 */
export function segmentOperations(ctx: Pick<EngineContext, 'store' | 'programs'>): SegmentOperations {
  const save = async (raw: readonly SegmentAssignmentInput[]): Promise<{ readonly saved: number }> => ctx.store.segments.saveSegments(parseSegmentAssignments(raw));
  return {
    async assignSegments(portfolio, options) {
      const currency = options.currency ?? ctx.programs.values().next().value?.currency;
      const decimals = currency === undefined ? 2 : currencyExponent(currency);
      const { saved } = await save(segmentAssignments(portfolio, options, decimals));
      return { customers: portfolio.customers.length, saved };
    },
    saveSegments: save,
    segmentOf: (customerId) => ctx.store.segments.segmentOf(customerId),
  };
}
