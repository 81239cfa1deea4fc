// The checkout in one piece (#13): a retried checkout is priced as the first time, a reused
// checkout id is a CONFLICT, a partial return does not give a single-use code back, and a raw
// cart is validated. Amounts worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { FidelisError } from '../../src/core/errors.js';
import { normalizeCode, parsePromotion } from '../../src/coupons/index.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { NOW, ZONE } from './fixtures.js';

const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' } as const;
const tea3for2 = parsePromotion({
  id: 'tea-3for2',
  name: '3 teas for 2',
  activation: 'automatic',
  effect: { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: tea } },
});
const fiveOff = parsePromotion({ id: 'five-off', name: '5 € off', effect: { type: 'amount-off', amount: { EUR: '5.00' } }, limits: { perCode: 1 } });
const fifteen = parsePromotion({ id: 'fifteen', name: '15 %', effect: { type: 'percent-off', percent: '15' }, limits: { perCode: 1 } });

function setup() {
  const store = createMemoryStore();
  const clock = manualClock(NOW);
  const engine = createLoyaltyEngine({ store, clock, promotions: { promotions: [tea3for2, fiveOff, fifteen], timeZone: ZONE } });
  return { store, clock, engine };
}
const customer = { id: 'c1', joinedAt: new Date('2025-01-01T00:00:00Z') };
// raw JSON, as a shop sends it: 3 teas at 5.00 and a mug at 12.00
const teaCart = {
  currency: 'EUR',
  lines: [
    { id: 'tea', sku: 'TEA', quantity: 3, unitPrice: '5.00', categories: ['tea'] },
    { id: 'mug', sku: 'MUG', quantity: 1, unitPrice: '12.00', categories: ['mugs'] },
  ],
};
const fiftyCart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'SET', quantity: 1, unitPrice: '50.00' }] };

describe('a checkout is idempotent end to end', () => {
  it('re-evaluating a checkout that committed its single-use code sees its own use: 42.50 again, not 50.00', async () => {
    const { engine } = setup();
    const [code = ''] = await engine.issueCodes({ promotionId: 'fifteen', count: 1, pattern: '####-####' });
    const first = await engine.evaluateCheckout({ cart: fiftyCart, codes: [code], customer, checkoutId: 'co-1' });
    expect(first.total).toBe('42.50'); // 50.00 − 15 %
    const held = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation: first, customerId: 'c1' });
    // while held, and after the commit, the same checkout is priced the same
    expect((await engine.evaluateCheckout({ cart: fiftyCart, codes: [code], customer, checkoutId: 'co-1' })).total).toBe('42.50');
    await engine.commitCoupons(held);
    const retried = await engine.evaluateCheckout({ cart: fiftyCart, codes: [code], customer, checkoutId: 'co-1' });
    expect([retried.total, retried.rejectedCodes]).toEqual(['42.50', []]);
    const again = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation: retried, customerId: 'c1' });
    expect(again.reservations.map((r) => [r.reservationId, r.status])).toEqual([['co-1:fifteen', 'committed']]);
    // another checkout finds the code used
    const other = await engine.evaluateCheckout({ cart: fiftyCart, codes: [code], customer, checkoutId: 'co-2' });
    expect([other.total, other.rejectedCodes.map((r) => r.reason)]).toEqual(['50.00', ['LIMIT_REACHED']]);
  });

  it('a checkout id reused with another cart is a CONFLICT and holds nothing new', async () => {
    const { engine, store } = setup();
    const [code = ''] = await engine.issueCodes({ promotionId: 'five-off', count: 1, pattern: '####-####' });
    const first = await engine.evaluateCheckout({ cart: fiftyCart, codes: [code], customer });
    expect((await engine.reserveCoupons({ checkoutId: 'co-1', evaluation: first, customerId: 'c1' })).ok).toBe(true);
    // same 5.00 off, but a bigger cart (55.00 → 50.00 instead of 50.00 → 45.00)
    const bigger = await engine.evaluateCheckout({ cart: { ...fiftyCart, lines: [{ id: 'l1', sku: 'SET', quantity: 1, unitPrice: '55.00' }] }, codes: [code], customer, checkoutId: 'co-1' });
    expect(bigger.total).toBe('50.00');
    const error = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation: bigger, customerId: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FidelisError);
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('checkoutId: "co-1"') });
    // a cart with other promotions altogether (the teas, no code): refused too, nothing reserved
    const teas = await engine.evaluateCheckout({ cart: teaCart, customer });
    await expect(engine.reserveCoupons({ checkoutId: 'co-1', evaluation: teas, customerId: 'c1' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await store.coupons.findReservations({ checkoutId: 'co-1' }, NOW)).map((r) => r.promotionId)).toEqual(['five-off']);
  });
});

describe('a return gives usage back only when it undoes what the promotion required', () => {
  async function boughtTeas() {
    const { engine, store } = setup();
    const [code = ''] = await engine.issueCodes({ promotionId: 'five-off', count: 1, pattern: '####-####' });
    const evaluation = await engine.evaluateCheckout({ cart: teaCart, codes: [code], customer, checkoutId: 'co-1' });
    // 27.00: one tea free (−5.00), then 5.00 off the 22.00 left → 17.00
    expect([evaluation.subtotal, evaluation.total, evaluation.applied.map((a) => a.promotionId)]).toEqual(['27.00', '17.00', ['tea-3for2', 'five-off']]);
    const held = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation, customerId: 'c1', orderId: 'o-1' });
    await engine.commitCoupons(held);
    return { engine, store, code };
  }

  it('returning 1 of 3 teas keeps both usages: the single-use code cannot take 5.00 off again', async () => {
    const { engine, store, code } = await boughtTeas();
    const after = await engine.restoreCoupons({ orderId: 'o-1', returnId: 'ret-1', lines: [{ lineId: 'tea', quantity: 1 }] });
    expect(after.map((r) => [r.promotionId, r.status, r.returnedUnits])).toEqual([
      ['five-off', 'committed', { tea: 1 }],
      ['tea-3for2', 'committed', { tea: 1 }],
    ]);
    expect((await store.coupons.usageCounts({ promotionId: 'five-off', codeKey: normalizeCode(code), at: NOW })).code).toBe(1);
    const next = await engine.evaluateCheckout({ cart: { ...teaCart, lines: [{ id: 'x', sku: 'MUG', quantity: 1, unitPrice: '12.00' }] }, codes: [code], customer, checkoutId: 'co-2' });
    expect([next.total, next.rejectedCodes.map((r) => r.reason)]).toEqual(['12.00', ['LIMIT_REACHED']]);
  });

  it('returning every tea undoes the 3-for-2; returning everything gives the code back; replays change nothing', async () => {
    const { engine, code } = await boughtTeas();
    const teas = await engine.restoreCoupons({ checkoutId: 'co-1', returnId: 'ret-1', lines: [{ lineId: 'tea', quantity: 3 }] });
    // five-off discounted both lines (its 5.00 spread over what was left): the mug is still kept
    expect(teas.map((r) => [r.promotionId, r.status])).toEqual([['five-off', 'committed'], ['tea-3for2', 'restored']]);
    expect((await engine.restoreCoupons({ checkoutId: 'co-1', returnId: 'ret-1', lines: [{ lineId: 'tea', quantity: 3 }] })).map((r) => r.status)).toEqual(['committed', 'restored']);
    await engine.restoreCoupons({ checkoutId: 'co-1', returnId: 'ret-2', lines: [{ lineId: 'mug', quantity: 1 }] });
    const again = await engine.evaluateCheckout({ cart: fiftyCart, codes: [code], customer, checkoutId: 'co-3' });
    expect(again.total).toBe('45.00');
  });

  it('restoreUsage: true gives the usage back on any return (an operator\'s decision)', async () => {
    const { engine } = await boughtTeas();
    const after = await engine.restoreCoupons({ orderId: 'o-1', returnId: 'ret-1', lines: [{ lineId: 'mug', quantity: 1 }], restoreUsage: true });
    expect(after.map((r) => r.status)).toEqual(['restored', 'restored']);
  });

  it('finds a checkout by id and by order', async () => {
    const { engine } = await boughtTeas();
    const byOrder = await engine.findCheckout({ orderId: 'o-1' });
    expect([byOrder?.checkoutId, byOrder?.reservations.map((r) => r.reservationId)]).toEqual(['co-1', ['co-1:five-off', 'co-1:tea-3for2']]);
    expect((await engine.findCheckout({ checkoutId: 'co-1' }))?.reservations).toEqual(byOrder?.reservations);
    expect(await engine.findCheckout({ checkoutId: 'nope' })).toBeUndefined();
  });
});

describe('evaluateCheckout validates its input', () => {
  it('a raw cart is parsed as recordOrder parses an order: a numeric unitPrice is read as its decimal, not a TypeError', async () => {
    const { engine } = setup();
    const r = await engine.evaluateCheckout({ cart: { currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 2, unitPrice: 4.5 }] } });
    expect([r.subtotal, r.total]).toEqual(['9.00', '9.00']);
  });

  it('an invalid cart is a VALIDATION_FAILED naming the field, and nothing is read', async () => {
    const { engine } = setup();
    for (const unitPrice of [4.555, 'abc', -1]) {
      const error = await engine.evaluateCheckout({ cart: { currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 1, unitPrice }] } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FidelisError);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('lines[0].unitPrice') });
    }
  });

  it('codes must be strings; return lines must be named', async () => {
    const { engine } = setup();
    await expect(engine.evaluateCheckout({ cart: fiftyCart, codes: [42 as unknown as string] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('codes[0]') });
    await expect(engine.restoreCoupons({ checkoutId: 'co-1', returnId: 'r', lines: [{ lineId: 'l1', quantity: 0 }] })).rejects.toMatchObject({ message: expect.stringContaining('lines[0].quantity') });
  });
});
