import { currencyExponent } from '../core/currency.js';
import { decimalToMinorUnits, minorUnitsToDecimal } from '../core/money.js';
import type { Cart } from './cart.js';
import type { CartEvaluation } from './cart-evaluation-result.js';

/**
 * The order to record once a checkout is paid: the cart's lines, each with the promotions'
 * discount added to its own `discount`, so `recordOrder` earns points on what was paid for
 * the line and a return reverses them per line. Gifts the promotions added become lines of
 * price 0 (id `gift:<promotionId>:<sku>`). Shipping is the evaluated shipping after its discount.
 * Vouchers are payment, not discount: they do not lower a line (points are earned on goods
 * paid by voucher too, as on goods paid by card).
 *
 * @example
 * ```ts
 * const order = orderFromCheckout(cart, evaluation, { id: 'o-42', customerId: 'c1', placedAt: '2026-03-07T10:00:00Z' });
 * await engine.recordOrder(order, { idempotencyKey: 'order-o-42' });
 * ```
 */
export function orderFromCheckout(
  cart: Cart,
  evaluation: CartEvaluation,
  order: { readonly id: string; readonly customerId: string; readonly placedAt: string | Date },
): {
  id: string;
  customerId: string;
  placedAt: string;
  currency: string;
  channel: string;
  store?: string;
  shipping: string;
  lines: Array<Cart['lines'][number] | { id: string; sku: string; name?: string; quantity: number; unitPrice: string }>;
  attributes: Cart['attributes'];
} {
  const exponent = currencyExponent(cart.currency);
  const minor = (amount: string | undefined): number => (amount === undefined ? 0 : (decimalToMinorUnits(amount, exponent) ?? 0));
  const evaluated = new Map(evaluation.lines.map((l) => [l.lineId, l]));
  const lines = cart.lines.map((line) => {
    const promoted = minor(evaluated.get(line.id)?.discount);
    if (promoted === 0) return line;
    return { ...line, discount: minorUnitsToDecimal(minor(line.discount) + promoted, exponent) };
  });
  const gifts = evaluation.addedItems.map((g) => ({
    id: `gift:${g.promotionId}:${g.sku}`,
    sku: g.sku,
    ...(g.name === undefined ? {} : { name: g.name }),
    quantity: g.quantity,
    unitPrice: minorUnitsToDecimal(0, exponent),
  }));
  return {
    id: order.id,
    customerId: order.customerId,
    placedAt: typeof order.placedAt === 'string' ? order.placedAt : order.placedAt.toISOString(),
    currency: cart.currency,
    channel: cart.channel,
    ...(cart.store === undefined ? {} : { store: cart.store }),
    shipping: minorUnitsToDecimal(Math.max(0, minor(evaluation.shipping) - minor(evaluation.shippingDiscount)), exponent),
    lines: [...lines, ...gifts],
    attributes: cart.attributes,
  };
}
