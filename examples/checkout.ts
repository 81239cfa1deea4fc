// The coupons guide's checkout (docs/coupons.md, "Redemption"), runnable: npx tsx examples/checkout.ts
// evaluate → reserve → commit → record the order as paid → a return of one tea.
import { createLoyaltyEngine, createMemoryStore, manualClock, orderFromCheckout, parseCart, parseProgram, parsePromotion } from '../src/index.js';

const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' } as const;
const engine = createLoyaltyEngine({
  store: createMemoryStore(),
  clock: manualClock(new Date('2026-03-07T10:00:00Z')),
  programs: [parseProgram({ id: 'shop', currency: 'EUR', timeZone: 'Europe/Paris', expiry: 'never', earnRules: [{ id: 'base', kind: 'points-per-unit', rate: '1' }] })],
  promotions: {
    timeZone: 'Europe/Paris',
    promotions: [
      parsePromotion({ id: 'tea-3for2', name: '3 teas for 2', activation: 'automatic', effect: { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: tea } } }),
      parsePromotion({ id: 'welcome-5', name: '5 € welcome', codes: ['WELCOME5'], effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCustomer: 1 } }),
    ],
  },
});
const customer = { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z') };
// the cart as the shop sends it (raw JSON; validated by evaluateCheckout)
const cart = {
  currency: 'EUR',
  lines: [
    { id: 'tea', sku: 'TEA', quantity: 3, unitPrice: '5.00', categories: ['tea'] },
    { id: 'mug', sku: 'MUG', quantity: 1, unitPrice: '12.00', categories: ['mugs'] },
  ],
};

const evaluation = await engine.evaluateCheckout({ cart, codes: [' welcome5 '], customer, checkoutId: 'co-42' });
console.log(`to pay: ${evaluation.total} EUR (${evaluation.applied.map((a) => a.promotionId).join(', ')})`); // to pay: 17.00 EUR (tea-3for2, welcome-5)
const held = await engine.reserveCoupons({ checkoutId: 'co-42', evaluation, customerId: customer.id, orderId: 'o-42', ttl: 'PT15M' });
// … payment, 3-D Secure …
await engine.commitCoupons(held);
// a retried checkout is priced the same (its own usage is its own)
const retried = await engine.evaluateCheckout({ cart, codes: ['WELCOME5'], customer, checkoutId: 'co-42' });
console.log(`retried: ${retried.total} EUR`); // retried: 17.00 EUR
// points on what was paid, per line
const earned = await engine.recordOrder(orderFromCheckout(parseCart(cart), evaluation, { id: 'o-42', customerId: 'c1', placedAt: '2026-03-07T10:00:00Z' }), { idempotencyKey: 'order-o-42' });
console.log(`earned: ${earned.points} points`); // earned: 17 points
// later, a return of one of the three teas: points back for that tea, the code stays used
const back = await engine.recordReturn({ id: 'ret-7', orderId: 'o-42', at: '2026-03-08T10:00:00Z', lines: [{ lineId: 'tea', quantity: 1 }] }, { idempotencyKey: 'return-ret-7' });
const coupons = await engine.restoreCoupons({ orderId: 'o-42', returnId: 'ret-7', lines: [{ lineId: 'tea', quantity: 1 }] });
console.log(`returned: ${back.pointsReversed} points back; ${coupons.map((r) => `${r.promotionId} ${r.status}`).join(', ')}`); // returned: 2 points back; tea-3for2 committed, welcome-5 committed
