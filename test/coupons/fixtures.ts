// Shared builders for the coupons tests.
import { type Cart, type Promotion, parseCart, parsePromotion } from '../../src/coupons/index.js';

export const NOW = new Date('2026-03-07T10:00:00Z'); // a Saturday, 11:00 in Paris
export const ZONE = 'Europe/Paris';

let lineId = 0;
/** A cart line: price, quantity, categories. */
export function line(unitPrice: string, quantity = 1, categories: string[] = [], sku?: string) {
  lineId += 1;
  return { id: `l${lineId}`, sku: sku ?? `SKU-${lineId}`, quantity, unitPrice, categories };
}

/** A parsed cart; line ids are l1, l2, … in order. */
export function cart(lines: ReturnType<typeof line>[], extra: Record<string, unknown> = {}, currency = 'EUR'): Cart {
  return parseCart({ currency, lines: lines.map((l, i) => ({ ...l, id: `l${i + 1}` })), ...extra });
}

/** A parsed automatic promotion with defaults. */
export function promo(id: string, effect: Record<string, unknown>, extra: Record<string, unknown> = {}): Promotion {
  return parsePromotion({ id, name: id, activation: 'automatic', effect, ...extra });
}
