import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Promotion, evaluateCart, parseCart, parsePromotion } from '../../src/coupons/index.js';
import { NOW, ZONE } from './fixtures.js';

const EXPONENT: Record<string, number> = { EUR: 2, JPY: 0, KWD: 3 };
const minor = (s: string, _e: number): bigint => BigInt(s.replace('.', '')); // amounts carry exactly the exponent's decimals
const amount = (n: number, e: number): string => (e === 0 ? String(n) : `${Math.floor(n / 10 ** e)}.${String(n % 10 ** e).padStart(e, '0')}`);

const CATEGORIES = ['tea', 'cup', 'gift'];
const currency = fc.constantFrom('EUR', 'JPY', 'KWD');

const cartArb = currency.chain((cur) =>
  fc.record({
    currency: fc.constant(cur),
    shipping: fc.option(fc.integer({ min: 0, max: 20_000 }).map((n) => amount(n, EXPONENT[cur]!)), { nil: undefined }),
    lines: fc.array(
      fc.record({
        quantity: fc.integer({ min: 1, max: 5 }),
        price: fc.integer({ min: 0, max: 50_000 }),
        category: fc.constantFrom(...CATEGORIES),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  }),
);

const target = fc.constantFrom<unknown>('order', { lines: { fact: 'line.categories', operator: 'contains', value: 'tea' } });
const money = (n: number) => ({ EUR: amount(n, 2), JPY: amount(n, 0), KWD: amount(n, 3) });
const percent = fc.integer({ min: 1, max: 1000 }).map((n) => (n / 10).toString());

const effectArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('percent-off'), percent, target, basis: fc.constantFrom('original', 'discounted') }),
  fc.record({ type: fc.constant('percent-off'), percent, target, cap: fc.integer({ min: 0, max: 5000 }).map(money) }),
  fc.record({ type: fc.constant('amount-off'), amount: fc.integer({ min: 0, max: 60_000 }).map(money), target }),
  fc.record({ type: fc.constant('new-price'), price: fc.integer({ min: 0, max: 20_000 }).map(money), target: fc.constant({ lines: { fact: 'line.categories', operator: 'contains', value: 'cup' } }) }),
  fc.record({
    type: fc.constant('buy-x-get-y'),
    buy: fc.record({ quantity: fc.integer({ min: 1, max: 3 }) }),
    get: fc.record({ quantity: fc.integer({ min: 1, max: 2 }), percent }),
    free: fc.constantFrom('cheapest', 'most-expensive'),
  }),
  fc.record({ type: fc.constant('free-shipping') }),
  fc.record({ type: fc.constant('gift'), sku: fc.constant('GIFT') }),
  fc.record({
    type: fc.constant('tiers'),
    tiers: fc.constant([
      { from: money(10_000), amountOff: money(1000) },
      { from: money(30_000), percentOff: '15' },
    ]),
  }),
  fc.record({ type: fc.constant('voucher') }),
);

const promotionsArb = fc
  .array(
    fc.record({
      effect: effectArb,
      priority: fc.integer({ min: 0, max: 3 }),
      exclusive: fc.boolean(),
      group: fc.constantFrom(undefined, 'g1', 'g2'),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((list) => {
    const modes: Record<string, string> = { g1: 'best-of', g2: 'first-match' };
    return list.map((p, i) =>
      parsePromotion({
        id: `p${i}`,
        name: `p${i}`,
        activation: 'automatic',
        priority: p.priority,
        exclusive: p.exclusive,
        effect: p.effect,
        ...(p.group === undefined ? {} : { stacking: { group: p.group, mode: modes[p.group] } }),
      }),
    );
  });

type RawCart = typeof cartArb extends fc.Arbitrary<infer T> ? T : never;

function evaluate(raw: RawCart, promotions: Promotion[]) {
  const e = EXPONENT[raw.currency]!;
  const cart = parseCart({
    currency: raw.currency,
    ...(raw.shipping === undefined ? {} : { shipping: raw.shipping }),
    lines: raw.lines.map((l, i) => ({ id: `l${i}`, sku: `S${i}`, quantity: l.quantity, unitPrice: amount(l.price, e), categories: [l.category] })),
  });
  const codes = promotions.filter((p) => p.effect.type === 'voucher').map((p) => ({ code: `V-${p.id}`, promotionId: p.id, voucherBalance: amount(7777, e) }));
  return evaluateCart(cart, { promotions, codes, now: NOW, timeZone: ZONE });
}

describe('evaluateCart properties (EUR, JPY, KWD)', () => {
  it('line adjustments sum exactly to each discount; nothing goes below zero', () => {
    fc.assert(
      fc.property(cartArb, promotionsArb, (raw, promotions) => {
        const r = evaluate(raw, promotions);
        const e = EXPONENT[raw.currency]!;
        const m = (s: string) => minor(s, e);
        let lineDiscounts = 0n;
        for (const l of r.lines) {
          const adj = l.adjustments.reduce((a, x) => a + m(x.amount), 0n);
          expect(adj).toBe(m(l.discount));
          expect(m(l.amount) - m(l.discount)).toBe(m(l.total));
          expect(m(l.total) >= 0n).toBe(true);
          lineDiscounts += m(l.discount);
        }
        for (const a of r.applied) {
          const own = r.lines.reduce((s, l) => s + l.adjustments.filter((x) => x.promotionId === a.promotionId).reduce((t, x) => t + m(x.amount), 0n), 0n);
          expect(own).toBe(m(a.lineAmount));
          expect(BigInt(a.discountMinor + a.voucherMinor)).toBe(m(a.lineAmount) + m(a.shippingAmount));
        }
        const shippingOff = r.applied.reduce((s, a) => s + m(a.shippingAmount), 0n);
        const voucherLines = r.applied.filter((a) => a.type === 'voucher').reduce((s, a) => s + m(a.lineAmount), 0n);
        expect(lineDiscounts).toBe(m(r.discount) + voucherLines);
        expect(m(r.shipping) - shippingOff >= 0n).toBe(true);
        expect(m(r.total)).toBe(m(r.subtotal) - m(r.discount) + m(r.shipping) - m(r.shippingDiscount) - m(r.voucherPayment));
        expect(m(r.total) >= 0n).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic, whatever the order the promotions are listed in', () => {
    fc.assert(
      fc.property(cartArb, promotionsArb, fc.nat(), (raw, promotions, seed) => {
        const shuffled = [...promotions].sort((a, b) => ((a.id.charCodeAt(1) * 31 + seed) % 7) - ((b.id.charCodeAt(1) * 31 + seed) % 7));
        const first = evaluate(raw, promotions);
        expect(evaluate(raw, promotions)).toEqual(first);
        expect(evaluate(raw, shuffled)).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });
});
