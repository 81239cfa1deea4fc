import { z } from 'zod';
import { DecimalString, Instant, parseWith } from './validation.js';

/**
 * What a portfolio classification says about one customer, as conditions and the contact planner
 * read it: the quadrant (`star`, `question-mark`, `profit`, `selection`), the RFM segment
 * (`champions`, `at-risk`…), the customer lifetime value as a decimal string in the program
 * currency, the probability of being alive (0–1), and free labels. Every field is optional:
 * a fact whose field is absent is undefined, and every comparison on it is false.
 *
 * @example
 * ```ts
 * const s: CustomerSegment = { quadrant: 'question-mark', rfm: 'at-risk', clv: '54.20', pAlive: 0.21, labels: ['wine'] };
 * ```
 */
export interface CustomerSegment {
  /** The portfolio quadrant, e.g. `star`. */
  readonly quadrant?: string;
  /** The RFM segment, e.g. `at-risk`. */
  readonly rfm?: string;
  /** The customer lifetime value, a decimal string in the program currency. */
  readonly clv?: string;
  /** The probability that the customer is still active, 0–1. */
  readonly pAlive?: number;
  /** Free labels (`vip`, `wine-lover`…). */
  readonly labels?: readonly string[];
}

/**
 * One customer's segment as of a date: what `store.segments.saveSegments` upserts (a later
 * `asOf` replaces an earlier one; an earlier or equal one is ignored). `asOf` is the
 * classification's date (its observation end), not the instant it was saved.
 *
 * @example
 * ```ts
 * SegmentAssignment.parse({ customerId: 'c1', asOf: '2026-06-30T00:00:00Z', quadrant: 'star', clv: 120.5, pAlive: 0.93 });
 * ```
 */
export const SegmentAssignment = z
  .object({
    customerId: z.string().min(1).describe('the customer'),
    asOf: Instant,
    quadrant: z.string().min(1).optional().describe('portfolio quadrant: star, question-mark, profit or selection (customer.segment.quadrant)'),
    rfm: z.string().min(1).optional().describe('RFM segment, e.g. champions or at-risk (customer.segment.rfm)'),
    clv: DecimalString.optional().describe('customer lifetime value in the shop currency (customer.segment.clv)'),
    pAlive: z.number().min(0, 'must be a probability 0–1').max(1, 'must be a probability 0–1').optional().describe('probability the customer is still active, 0–1 (customer.segment.pAlive)'),
    labels: z.array(z.string().min(1)).optional().describe('free labels, e.g. vip (customer.segment.labels)'),
  })
  .strict();

/**
 * A parsed {@link SegmentAssignment}: the customer, the classification's date and the segment.
 *
 * @example
 * ```ts
 * const a: SegmentAssignment = { customerId: 'c1', asOf: new Date('2026-06-30T00:00:00Z'), quadrant: 'star' };
 * ```
 */
export interface SegmentAssignment extends CustomerSegment {
  /** The customer. */
  readonly customerId: string;
  /** The date of the classification (its observation end). */
  readonly asOf: Date;
}

/**
 * The input of {@link SegmentAssignment}: `asOf` an ISO string or a `Date`, `clv` a decimal
 * string or a number.
 *
 * @example
 * ```ts
 * const a: SegmentAssignmentInput = { customerId: 'c1', asOf: '2026-06-30T00:00:00Z', pAlive: 0.2 };
 * ```
 */
export type SegmentAssignmentInput = z.input<typeof SegmentAssignment>;

/**
 * Validate segment assignments; throws `VALIDATION_FAILED` naming `segments[i].<field>` for
 * every problem (a probability outside 0–1, a malformed CLV, an unknown key), before anything is
 * written.
 *
 * @example
 * ```ts
 * parseSegmentAssignments([{ customerId: 'c1', asOf: '2026-06-30T00:00:00Z', quadrant: 'star' }])[0]?.asOf instanceof Date; // true
 * ```
 */
export function parseSegmentAssignments(input: unknown): SegmentAssignment[] {
  return parseWith(z.array(SegmentAssignment), input, 'segments').map((a) => ({ customerId: a.customerId, asOf: a.asOf, ...segmentOfAssignment(a) }));
}

/**
 * The segment part of an assignment (what conditions read), without `customerId` and `asOf`.
 *
 * @example
 * ```ts
 * segmentOfAssignment({ customerId: 'c1', asOf: new Date(), quadrant: 'star' }); // { quadrant: 'star' }
 * ```
 */
export function segmentOfAssignment(a: { readonly [K in keyof CustomerSegment]?: CustomerSegment[K] | undefined }): CustomerSegment {
  return {
    ...(a.quadrant === undefined ? {} : { quadrant: a.quadrant }),
    ...(a.rfm === undefined ? {} : { rfm: a.rfm }),
    ...(a.clv === undefined ? {} : { clv: a.clv }),
    ...(a.pAlive === undefined ? {} : { pAlive: a.pAlive }),
    ...(a.labels === undefined ? {} : { labels: [...a.labels] }),
  };
}
