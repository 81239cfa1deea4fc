import { z } from 'zod';
import type { Customer } from '../core/schemas.js';

/**
 * A journey step's condition on the customer: a fact of the form `customer.attributes.<name>`
 * compared with a value by `equal`, `notEqual`, `in` or `notIn`. It is the fact-comparison leaf
 * of the fidelis condition language (same field names), restricted to customer attributes, so a
 * journey written today stays valid when steps accept the full language. A missing attribute
 * is `null`.
 *
 * @example
 * ```ts
 * StepCondition.parse({ fact: 'customer.attributes.segment', operator: 'in', value: ['gold', 'vip'] });
 * ```
 */
export const StepCondition = z
  .object({
    fact: z
      .string()
      .regex(/^customer\.attributes\.[^.]+$/, 'must name a customer attribute: customer.attributes.<name>'),
    operator: z.enum(['equal', 'notEqual', 'in', 'notIn']),
    value: z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
    ]),
  })
  .refine((c) => (c.operator === 'in' || c.operator === 'notIn') === Array.isArray(c.value), {
    message: '`in` and `notIn` take a list; `equal` and `notEqual` take a single value',
    path: ['value'],
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

/**
 * The first condition of `conditions` that `customer` does not satisfy, or `undefined` when all
 * hold (an empty list holds).
 *
 * @example
 * ```ts
 * const failed = failedCondition([{ fact: 'customer.attributes.segment', operator: 'equal', value: 'gold' }], customer);
 * ```
 */
export function failedCondition(
  conditions: readonly StepCondition[],
  customer: Pick<Customer, 'attributes'>,
): StepCondition | undefined {
  for (const c of conditions) {
    const actual = customer.attributes[c.fact.slice('customer.attributes.'.length)] ?? null;
    const list = Array.isArray(c.value) ? c.value : [c.value];
    const member = list.includes(actual);
    const holds = c.operator === 'equal' || c.operator === 'in' ? member : !member;
    if (!holds) return c;
  }
  return undefined;
}
