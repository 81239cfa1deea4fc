import { z } from 'zod';
import type { FactCustomerInput } from '../conditions/subject-input.js';
import { Customer } from '../core/schemas.js';
import { Instant, parseWith } from '../core/validation.js';

/**
 * The customer of a checkout: the one customer shape of the engine (`parseCustomer`, as
 * `recordOrder` takes it: raw JSON, `joinedAt` an ISO string or a Date), plus the facts a shop
 * may know of the customer's history for promotion conditions (`tier`, `stats`).
 *
 * @example
 * ```ts
 * const c: CheckoutCustomer = { id: 'c1', joinedAt: '2026-01-01T00:00:00Z', tier: 'gold', stats: { orderCount: 3 } };
 * ```
 */
export const CheckoutCustomer = Customer.extend({
  tier: z.string().min(1).optional().describe('the customer\'s current tier id'),
  stats: z
    .object({ orderCount: z.number().int().nonnegative(), firstOrderAt: Instant.optional() })
    .strict()
    .optional()
    .describe('order statistics before this checkout'),
});

/**
 * The input of {@link CheckoutCustomer}.
 *
 * @example
 * ```ts
 * const c: CheckoutCustomerInput = { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z') };
 * ```
 */
export type CheckoutCustomerInput = z.input<typeof CheckoutCustomer>;

/**
 * Validate a checkout's customer (`VALIDATION_FAILED` naming `customer.<field>`) and give the
 * facts the promotion conditions read.
 *
 * @example
 * ```ts
 * parseCheckoutCustomer({ id: 'c1', joinedAt: '2026-01-01T00:00:00Z' }).joinedAt instanceof Date; // true
 * ```
 */
export function parseCheckoutCustomer(input: unknown): FactCustomerInput {
  const c = parseWith(CheckoutCustomer, input, 'customer');
  return {
    id: c.id,
    joinedAt: c.joinedAt,
    attributes: c.attributes,
    ...(c.birthDate === undefined ? {} : { birthDate: c.birthDate }),
    ...(c.timeZone === undefined ? {} : { timeZone: c.timeZone }),
    ...(c.tier === undefined ? {} : { tier: c.tier }),
    ...(c.stats === undefined ? {} : { stats: { orderCount: c.stats.orderCount, ...(c.stats.firstOrderAt === undefined ? {} : { firstOrderAt: c.stats.firstOrderAt }) } }),
  };
}
