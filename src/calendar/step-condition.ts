import { z } from 'zod';
import { Decimal } from '../core/decimal.js';
import type { Customer } from '../core/schemas.js';
import type { CustomerSegment } from '../core/segment.js';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The segment facts a step may name, with the operators each accepts. */
const SEGMENT_FACTS = {
  'customer.segment.quadrant': ['equal', 'notEqual', 'in', 'notIn'],
  'customer.segment.rfm': ['equal', 'notEqual', 'in', 'notIn'],
  'customer.segment.labels': ['contains', 'doesNotContain'],
  'customer.segment.pAlive': ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'],
  'customer.segment.clv': ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'],
} as const satisfies Record<string, readonly string[]>;
type SegmentFact = keyof typeof SEGMENT_FACTS;
const isSegmentFact = (fact: string): fact is SegmentFact => Object.hasOwn(SEGMENT_FACTS, fact);
const ATTRIBUTE_RE = /^customer\.attributes\.[^.]+$/;
const ORDERED = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/**
 * A journey step's condition on the customer: the fact-comparison leaf of the fidelis condition
 * language (same field names), restricted to customer facts, so a journey written today stays
 * valid when steps accept the full language.
 *
 * - `customer.attributes.<name>` with `equal`, `notEqual`, `in`, `notIn` (a missing attribute is `null`);
 * - `customer.segment.quadrant` and `customer.segment.rfm` with `equal`, `notEqual`, `in`, `notIn`;
 * - `customer.segment.labels` with `contains`, `doesNotContain`;
 * - `customer.segment.pAlive` (a number) and `customer.segment.clv` (a decimal, string or number)
 *   with `lessThan`, `lessThanInclusive`, `greaterThan`, `greaterThanInclusive`.
 *
 * The segment facts come from the customer's stored segment (`store.segments`); a customer
 * without one (or without that field) fails every segment condition, `notEqual` included.
 *
 * @example
 * ```ts
 * StepCondition.parse({ fact: 'customer.attributes.segment', operator: 'in', value: ['gold', 'vip'] });
 * StepCondition.parse({ fact: 'customer.segment.quadrant', operator: 'equal', value: 'star' });
 * StepCondition.parse({ fact: 'customer.segment.pAlive', operator: 'lessThan', value: 0.3 });
 * ```
 */
export const StepCondition = z
  .object({
    fact: z
      .string()
      .refine(
        (f) => ATTRIBUTE_RE.test(f) || isSegmentFact(f),
        `must name a customer attribute (customer.attributes.<name>) or a segment fact (${Object.keys(SEGMENT_FACTS).join(', ')})`,
      ),
    operator: z.enum(['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']),
    value: z.union([Scalar, z.array(Scalar)]),
  })
  .superRefine((c, ctx) => {
    const allowed: readonly string[] = isSegmentFact(c.fact) ? SEGMENT_FACTS[c.fact] : ['equal', 'notEqual', 'in', 'notIn'];
    if (!allowed.includes(c.operator)) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `"${c.operator}" does not apply to ${c.fact}; use one of ${allowed.join(', ')}` });
      return;
    }
    const list = c.operator === 'in' || c.operator === 'notIn';
    if (list !== Array.isArray(c.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: '`in` and `notIn` take a list; the other operators take a single value' });
      return;
    }
    const numeric = c.fact === 'customer.segment.pAlive' ? typeof c.value === 'number' : c.fact === 'customer.segment.clv' ? decimalOf(c.value) !== undefined : true;
    if (!numeric) ctx.addIssue({ code: 'custom', path: ['value'], message: `${c.fact} compares with ${c.fact.endsWith('clv') ? 'a decimal such as "50" or 50' : 'a number such as 0.3'}` });
    if (c.fact === 'customer.segment.labels' && typeof c.value !== 'string') ctx.addIssue({ code: 'custom', path: ['value'], message: 'a label is a string' });
  });
/**
 * A parsed {@link StepCondition}.
 *
 * @example
 * ```ts
 * const c: StepCondition = { fact: 'customer.attributes.newsletter', operator: 'equal', value: true };
 * ```
 */
export type StepCondition = z.output<typeof StepCondition>;

function decimalOf(v: unknown): Decimal | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return new Decimal(v);
  if (typeof v === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v.trim())) return new Decimal(v.trim());
  return undefined;
}

/**
 * The value a step condition reads for a customer: the attribute (`null` when missing), or the
 * segment's field (`undefined` without a segment or that field).
 *
 * @example
 * ```ts
 * stepFactValue('customer.segment.quadrant', customer, { quadrant: 'star' }); // 'star'
 * ```
 */
export function stepFactValue(fact: string, customer: Pick<Customer, 'attributes'>, segment: CustomerSegment | undefined): unknown {
  if (!isSegmentFact(fact)) return customer.attributes[fact.slice('customer.attributes.'.length)] ?? null;
  return segment?.[fact.slice('customer.segment.'.length) as keyof CustomerSegment];
}

function holds(c: StepCondition, actual: unknown): boolean {
  if (isSegmentFact(c.fact) && actual === undefined) return false;
  if (ORDERED.has(c.operator)) {
    const a = c.fact === 'customer.segment.clv' ? decimalOf(actual) : typeof actual === 'number' ? new Decimal(actual) : undefined;
    const b = decimalOf(c.value);
    if (a === undefined || b === undefined) return false;
    const cmp = a.comparedTo(b);
    return c.operator === 'lessThan' ? cmp < 0 : c.operator === 'lessThanInclusive' ? cmp <= 0 : c.operator === 'greaterThan' ? cmp > 0 : cmp >= 0;
  }
  if (c.operator === 'contains' || c.operator === 'doesNotContain') {
    const has = Array.isArray(actual) && actual.includes(c.value);
    return c.operator === 'contains' ? has : !has;
  }
  const list = Array.isArray(c.value) ? c.value : [c.value];
  const member = list.includes(actual as z.output<typeof Scalar>);
  return c.operator === 'equal' || c.operator === 'in' ? member : !member;
}

/**
 * The first condition of `conditions` that `customer` (with its stored `segment`, if any) does
 * not satisfy, or `undefined` when all hold (an empty list holds).
 *
 * @example
 * ```ts
 * const failed = failedCondition([{ fact: 'customer.segment.quadrant', operator: 'equal', value: 'star' }], customer, { quadrant: 'profit' });
 * failed?.fact; // 'customer.segment.quadrant'
 * ```
 */
export function failedCondition(
  conditions: readonly StepCondition[],
  customer: Pick<Customer, 'attributes'>,
  segment?: CustomerSegment,
): StepCondition | undefined {
  for (const c of conditions) if (!holds(c, stepFactValue(c.fact, customer, segment))) return c;
  return undefined;
}
