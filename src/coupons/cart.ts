import { z } from 'zod';
import { AttributeValue, OrderLine, orderAmountIssues } from '../core/schemas.js';
import { CurrencyCode, NonNegativeDecimalString, parseWith } from '../core/validation.js';

/**
 * A shopping cart as {@link evaluateCart} reads it: the shape of an order (same lines, same
 * amounts as decimal strings in `currency`) before it is placed. `shipping` is the shipping
 * charge promotions may reduce.
 *
 * @example
 * ```ts
 * const cart = parseCart({ currency: 'EUR', shipping: '4.90',
 *   lines: [{ id: 'l1', sku: 'TEA-1', quantity: 2, unitPrice: '4.50', categories: ['tea'] }] });
 * ```
 */
export const Cart = z
  .object({
    id: z.string().min(1).default('cart'),
    currency: CurrencyCode,
    channel: z.string().default('web'),
    store: z.string().optional(),
    shipping: NonNegativeDecimalString.optional(),
    lines: z.array(OrderLine).min(1, 'a cart needs at least one line'),
    attributes: z.record(z.string(), AttributeValue).default({}),
  })
  .strict();

/**
 * A parsed {@link Cart}.
 *
 * @example
 * ```ts
 * const cart: Cart = parseCart(raw);
 * ```
 */
export type Cart = z.output<typeof Cart>;

/**
 * Validate a cart from outside; throws `VALIDATION_FAILED` listing every problem with its path
 * (a price too precise for the currency, a zero quantity, a missing line id…).
 *
 * @example
 * ```ts
 * parseCart({ currency: 'JPY', lines: [{ id: 'l1', sku: 'MATCHA', quantity: 1, unitPrice: '1800' }] });
 * ```
 */
export function parseCart(input: unknown): Cart {
  return parseWith(Cart, input, 'cart', orderAmountIssues);
}
