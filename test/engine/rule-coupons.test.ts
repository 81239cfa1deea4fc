// An issue-coupon rule: the engine draws a single-use code for the customer and stores it with
// the order (one atomic append), reports it in the result and the outbox, and the checkout
// honours it for that customer once. On the memory store and on PGlite.
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, isFidelisError, manualClock, parseProgram, parsePromotion, type Store } from '../../src/index.js';
import { engineBackends } from '../postgres/pglite-store.js';

const program = (coupon = 'thanks-10') =>
  parseProgram({
    id: 'shop',
    currency: 'EUR',
    timeZone: 'Europe/Paris',
    expiry: 'never',
    earnRules: [
      { id: 'base', kind: 'points-per-unit', rate: '1' },
      { id: 'thank-you', kind: 'issue-coupon', coupon, conditions: { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '50.00' } },
    ],
  });
const thanks = parsePromotion({ id: 'thanks-10', name: '10 € thank-you', effect: { type: 'amount-off', amount: { EUR: '10.00' } }, limits: { perCode: 1 } });
const engineOn = (store: Store, coupon?: string) =>
  createLoyaltyEngine({ store, clock: manualClock(new Date('2026-03-07T10:00:00Z')), programs: [program(coupon)], promotions: { timeZone: 'Europe/Paris', promotions: [thanks] } });
const order = (id: string, price: string) => ({ id, customerId: 'c1', placedAt: '2026-03-07T09:00:00Z', currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: price }] });
const cart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 1, unitPrice: '30.00' }] };

const backends = engineBackends('rulecoupons');

describe.each(backends)('coupons issued by rules (%s)', (_name, open) => {
  it('an order from 50 € issues one code for its customer, stored with the order: replays return it, the outbox reports it, the checkout takes it once', async () => {
    const engine = engineOn(await open());
    const small = await engine.recordOrder(order('o0', '49.99'), { idempotencyKey: 'k0' });
    expect(small.couponsIssued).toEqual([]);
    const first = await engine.recordOrder(order('o1', '60.00'), { idempotencyKey: 'k1' });
    expect(first.couponsToIssue).toEqual([{ ruleId: 'thank-you', coupon: 'thanks-10' }]);
    expect(first.couponsIssued).toHaveLength(1);
    const code = first.couponsIssued[0]?.code ?? '';
    expect(first.couponsIssued[0]).toEqual({ ruleId: 'thank-you', promotionId: 'thanks-10', code });
    expect(code).toMatch(/^[0-9A-Z]{10}$/);
    expect((await engine.recordOrder(order('o1', '60.00'), { idempotencyKey: 'k1' })).couponsIssued).toEqual(first.couponsIssued);
    const issued = (await engine.events.read()).events.filter((e) => e.type === 'coupon.issued');
    expect(issued).toEqual([expect.objectContaining({ id: 'ev_issued_o1_thank-you', customerId: 'c1', payload: { promotionId: 'thanks-10', count: 1, ruleId: 'thank-you', orderId: 'o1', code } })]);
    // another customer cannot use it; the customer can, once: 30 € − 10 € = 20 €
    const other = await engine.evaluateCheckout({ cart, codes: [code], customer: { id: 'c2', joinedAt: new Date('2026-01-01T00:00:00Z') }, checkoutId: 'co-other' });
    expect(other.total).toBe('30.00');
    expect(other.rejectedCodes).toEqual([expect.objectContaining({ code, reason: 'NOT_ASSIGNED' })]);
    const own = await engine.evaluateCheckout({ cart, codes: [code.toLowerCase()], customer: { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z') }, checkoutId: 'co-1' });
    expect(own.total).toBe('20.00');
    const held = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation: own, customerId: 'c1' });
    expect(held.ok).toBe(true);
    await engine.commitCoupons(held);
    expect((await engine.evaluateCheckout({ cart, codes: [code], customer: { id: 'c1', joinedAt: new Date('2026-01-01T00:00:00Z') }, checkoutId: 'co-2' })).total).toBe('30.00');
  });

  it('a rule naming a promotion that is not configured is NOT_FOUND naming the rule, and nothing is written', async () => {
    const engine = engineOn(await open(), 'no-such-promotion');
    const error = await engine.recordOrder(order('o1', '60.00'), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(isFidelisError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toBe('program.earnRules[1].coupon: "no-such-promotion" is not a configured promotion');
    expect((await engine.balance('c1')).lifetime.earned).toBe(0);
    expect((await engine.events.read()).events).toEqual([]);
  });
});
