// The checkout in one piece (#13): the guide's checkout, run as written — evaluate, reserve,
// commit, record the order as paid (orderFromCheckout), then a return of one tea.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { orderFromCheckout, parseCart, parsePromotion } from '../../src/coupons/index.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { parseProgram } from '../../src/rules/index.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';

const NOW = new Date('2026-03-07T10:00:00Z');
const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' } as const;
const promotions = [
  parsePromotion({ id: 'tea-3for2', name: '3 teas for 2', activation: 'automatic', effect: { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: tea } } }),
  parsePromotion({ id: 'welcome-5', name: '5 € welcome', codes: ['WELCOME5'], effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCustomer: 1 } }),
];
const program = parseProgram({ id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris', expiry: 'never', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] });
const raw = {
  currency: 'EUR',
  lines: [
    { id: 'tea', sku: 'TEA', quantity: 3, unitPrice: '5.00', categories: ['tea'] },
    { id: 'mug', sku: 'MUG', quantity: 1, unitPrice: '12.00', categories: ['mugs'] },
  ],
};

describe('orderFromCheckout', () => {
  it('earns points on what was paid per line, and a return of one tea reverses that tea\'s share only', async () => {
    const engine = createLoyaltyEngine({ store: createMemoryStore(), clock: manualClock(NOW), programs: [program], promotions: { promotions, timeZone: 'Europe/Paris' } });
    const customer = { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z') };
    const evaluation = await engine.evaluateCheckout({ cart: raw, codes: ['welcome5'], customer, checkoutId: 'co-1' });
    // 27.00 − one free tea 5.00 = 22.00; 5.00 off spread by what is left: tea 10.00/22 → 2.27, mug 12.00/22 → 2.73
    expect(evaluation.lines.map((l) => [l.lineId, l.discount, l.total])).toEqual([['tea', '7.27', '7.73'], ['mug', '2.73', '9.27']]);
    const held = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation, customerId: 'c1', orderId: 'o-1' });
    await engine.commitCoupons(held);

    const order = orderFromCheckout(parseCart(raw), evaluation, { id: 'o-1', customerId: 'c1', placedAt: NOW });
    expect(order.lines.map((l) => [l.id, 'discount' in l ? l.discount : undefined])).toEqual([['tea', '7.27'], ['mug', '2.73']]);
    const earned = await engine.recordOrder(order, { idempotencyKey: 'order-o-1' });
    // 1 point per euro paid: 7.73 + 9.27 = 17.00 → 17 points (not 27 on the cart as given)
    expect(earned.points).toBe(17);

    const back = await engine.recordReturn({ id: 'r-1', orderId: 'o-1', at: '2026-03-08T10:00:00Z', lines: [{ lineId: 'tea', quantity: 1 }] }, { idempotencyKey: 'return-r-1' });
    // the 17 points spread over the lines by what was paid, largest remainder: 7.73 → 7 r .73,
    // 9.27 → 9 r .27, the 17th point to the tea: 8 and 9; one of three teas: floor(8 / 3) = 2
    expect(earned.lines.map((l) => [l.lineId, l.points])).toEqual([['tea', 8], ['mug', 9]]);
    expect(back.pointsReversed).toBe(2);
    const restored = await engine.restoreCoupons({ orderId: 'o-1', returnId: 'r-1', lines: [{ lineId: 'tea', quantity: 1 }] });
    expect(restored.map((r) => [r.promotionId, r.status])).toEqual([['tea-3for2', 'committed'], ['welcome-5', 'committed']]);
  });

  it('adds the gifts as lines of price 0 and keeps the shipping after its discount', () => {
    const cart = parseCart({ currency: 'EUR', shipping: '4.90', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '10.00', discount: '1.00' }] });
    const evaluation = {
      currency: 'EUR', subtotal: '9.00', discount: '0.00', shipping: '4.90', shippingDiscount: '4.90', voucherPayment: '0.00', total: '9.00',
      lines: [{ lineId: 'l1', quantity: 1, amount: '9.00', adjustments: [], discount: '0.00', total: '9.00' }],
      applied: [], addedItems: [{ promotionId: 'gift', sku: 'MUG', quantity: 1 }], rejectedCodes: [], trace: [],
    };
    const order = orderFromCheckout(cart, evaluation, { id: 'o', customerId: 'c', placedAt: '2026-03-07T10:00:00Z' });
    expect([order.shipping, order.lines.map((l) => [l.id, l.unitPrice, 'discount' in l ? l.discount : undefined])]).toEqual([
      '0.00',
      [['l1', '10.00', '1.00'], ['gift:gift:MUG', '0.00', undefined]],
    ]);
  });
});
