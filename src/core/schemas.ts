import { z } from 'zod';
import type { ValidationIssue } from './errors.js';
import {
  CurrencyCode,
  Instant,
  LocalDateString,
  NonNegativeDecimalString,
  TimeZoneName,
  amountPrecisionIssues,
  parseWith,
} from './validation.js';

/**
 * The channels through which a shop contacts a customer.
 *
 * @example
 * ```ts
 * ContactChannel.parse('email'); // 'email'
 * ```
 */
export const ContactChannel = z.enum(['email', 'sms', 'post', 'push', 'phone', 'in-store']);
/**
 * One of `email`, `sms`, `post`, `push`, `phone`, `in-store`.
 *
 * @example
 * ```ts
 * const c: ContactChannel = 'sms';
 * ```
 */
export type ContactChannel = z.output<typeof ContactChannel>;

/**
 * The customer's consent for one channel: granted or withdrawn, when, and where it came from
 * (the proof GDPR asks for). The latest state wins; a withdrawal (opt-out) always wins over
 * an older grant.
 *
 * @example
 * ```ts
 * Consent.parse({ status: 'granted', at: '2026-01-05T10:00:00Z', source: 'checkout-checkbox' });
 * ```
 */
export const Consent = z.object({
  status: z.enum(['granted', 'withdrawn']),
  at: Instant,
  source: z.string().min(1),
});
/**
 * A parsed {@link Consent}.
 *
 * @example
 * ```ts
 * const c: Consent = { status: 'withdrawn', at: new Date(), source: 'unsubscribe-link' };
 * ```
 */
export type Consent = z.output<typeof Consent>;

/**
 * A free attribute value on a customer or order (segment, preferences…).
 *
 * @example
 * ```ts
 * AttributeValue.parse('gold'); // 'gold'
 * ```
 */
export const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * A customer as fidelis needs to know them.
 *
 * @example
 * ```ts
 * const c = parseCustomer({
 *   id: 'c1', joinedAt: '2025-05-01T10:00:00Z', birthDate: '1990-02-28', timeZone: 'Europe/Paris',
 *   consents: { email: { status: 'granted', at: '2025-05-01T10:00:00Z', source: 'signup' } },
 * });
 * ```
 */
export const Customer = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  emailHash: z.string().min(1).optional().describe('hash of the normalised e-mail address: referrals between two accounts with the same one are refused'),
  phoneHash: z.string().min(1).optional().describe('hash of the normalised phone number: referrals between two accounts with the same one are refused'),
  birthDate: LocalDateString.optional(),
  joinedAt: Instant,
  timeZone: TimeZoneName.optional(),
  locale: z.string().optional(),
  consents: z.partialRecord(ContactChannel, Consent).default({}),
  attributes: z.record(z.string(), AttributeValue).default({}),
});
/**
 * A parsed {@link Customer}.
 *
 * @example
 * ```ts
 * const c: Customer = parseCustomer({ id: 'c1', joinedAt: '2025-05-01T10:00:00Z' });
 * ```
 */
export type Customer = z.output<typeof Customer>;

/**
 * One line of an order. `unitPrice` is a decimal string in the order's currency (tax included
 * when the order says so); `discount` is a discount already applied to the whole line.
 *
 * @example
 * ```ts
 * OrderLine.parse({ id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50', categories: ['tea'] });
 * ```
 */
export const OrderLine = z.object({
  id: z.string().min(1),
  sku: z.string().min(1),
  name: z.string().optional(),
  categories: z.array(z.string()).default([]),
  brand: z.string().optional(),
  quantity: z.number().int('must be a whole number').positive('must be positive'),
  unitPrice: NonNegativeDecimalString,
  discount: NonNegativeDecimalString.optional(),
  attributes: z.record(z.string(), AttributeValue).default({}),
});
/**
 * A parsed {@link OrderLine}.
 *
 * @example
 * ```ts
 * const l: OrderLine = parseOrder(order).lines[0]!;
 * ```
 */
export type OrderLine = z.output<typeof OrderLine>;

/**
 * An order placed by a customer.
 *
 * @example
 * ```ts
 * const order = parseOrder({
 *   id: 'o1', customerId: 'c1', placedAt: '2026-03-01T10:00:00+01:00', currency: 'EUR', channel: 'web',
 *   lines: [{ id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50' }],
 * });
 * ```
 */
export const Order = z.object({
  id: z.string().min(1),
  customerId: z.string().min(1),
  placedAt: Instant,
  currency: CurrencyCode,
  channel: z.string().default('web'),
  store: z.string().optional(),
  taxInclusive: z.boolean().default(true),
  shipping: NonNegativeDecimalString.optional(),
  lines: z.array(OrderLine).min(1, 'an order needs at least one line'),
  attributes: z.record(z.string(), AttributeValue).default({}),
});
/**
 * A parsed {@link Order}.
 *
 * @example
 * ```ts
 * const o: Order = parseOrder(raw);
 * ```
 */
export type Order = z.output<typeof Order>;

/**
 * Goods returned from an order: which lines, how many of each, when.
 *
 * @example
 * ```ts
 * parseReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l1', quantity: 1 }] });
 * ```
 */
export const Return = z.object({
  id: z.string().min(1),
  orderId: z.string().min(1),
  at: Instant,
  lines: z
    .array(
      z.object({
        lineId: z.string().min(1),
        quantity: z.number().int('must be a whole number').positive('must be positive'),
      }),
    )
    .min(1, 'a return needs at least one line'),
});
/**
 * A parsed {@link Return}.
 *
 * @example
 * ```ts
 * const r: Return = parseReturn(raw);
 * ```
 */
export type Return = z.output<typeof Return>;

/**
 * Precision problems of an order-shaped input (an order or a cart): every line's `unitPrice`
 * and `discount` and the `shipping` checked against the input's `currency`. Runs on the raw
 * input, so it reports even when other fields are invalid.
 *
 * @example
 * ```ts
 * orderAmountIssues({ currency: 'JPY', lines: [{ unitPrice: '12.5' }] });
 * // [{ path: 'lines[0].unitPrice', message: '12.5 has more than 0 decimals for JPY' }]
 * ```
 */
export function orderAmountIssues(raw: unknown): ValidationIssue[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const o = raw as { currency?: unknown; lines?: unknown; shipping?: unknown };
  const amounts: Array<readonly [readonly PropertyKey[], unknown]> = [[['shipping'], o.shipping]];
  if (Array.isArray(o.lines)) {
    o.lines.forEach((line: unknown, i) => {
      if (typeof line !== 'object' || line === null) return;
      const l = line as { unitPrice?: unknown; discount?: unknown };
      amounts.push([['lines', i, 'unitPrice'], l.unitPrice], [['lines', i, 'discount'], l.discount]);
    });
  }
  return amountPrecisionIssues(o.currency, amounts);
}

/**
 * Validate an order from outside. Throws `VALIDATION_FAILED` listing every problem with its path
 * (a negative quantity, an unknown currency, a price with too many decimals, a missing id…).
 *
 * @example
 * ```ts
 * parseOrder({ id: 'o1', customerId: 'c1', placedAt: '2026-03-01T10:00:00Z', currency: 'JPY',
 *   lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '1200' }] });
 * ```
 */
export function parseOrder(input: unknown): Order {
  return parseWith(Order, input, 'order', orderAmountIssues);
}

/**
 * Validate a customer from outside; throws `VALIDATION_FAILED` listing every problem.
 *
 * @example
 * ```ts
 * parseCustomer({ id: 'c1', joinedAt: '2025-05-01T10:00:00Z', timeZone: 'Asia/Tokyo' });
 * ```
 */
export function parseCustomer(input: unknown): Customer {
  return parseWith(Customer, input, 'customer');
}

/**
 * Validate a return from outside; throws `VALIDATION_FAILED` listing every problem.
 *
 * @example
 * ```ts
 * parseReturn({ id: 'r1', orderId: 'o1', at: '2026-03-05T10:00:00Z', lines: [{ lineId: 'l2', quantity: 1 }] });
 * ```
 */
export function parseReturn(input: unknown): Return {
  return parseWith(Return, input, 'return');
}
