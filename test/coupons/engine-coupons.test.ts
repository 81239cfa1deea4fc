import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { manualClock } from '../../src/core/clock.js';
import { normalizeCode, parsePromotion, signCode } from '../../src/coupons/index.js';
import { NOW, ZONE, cart, line } from './fixtures.js';

const spring = parsePromotion({
  id: 'spring',
  name: 'Spring 5 € off',
  campaign: 'SPRING26',
  codes: ['SPRING-AB12'],
  validUntil: '2026-12-31',
  effect: { type: 'amount-off', amount: { EUR: '5' } },
  limits: { total: 2 },
});
const giftCard = parsePromotion({ id: 'gift-card', name: 'Gift card', effect: { type: 'voucher' } });
const bulk = parsePromotion({ id: 'bulk', name: '10 % welcome', effect: { type: 'percent-off', percent: '10' }, limits: { perCode: 1 } });
const signed = parsePromotion({ id: 'print', name: 'Printed 3 €', campaign: 'PRINT26', signedCodes: true, effect: { type: 'amount-off', amount: { EUR: '3' } }, limits: { perCode: 1 } });
const key = { id: 1, secret: 'engine-test-secret-0123456789ab' };

function setup() {
  const store = createMemoryStore();
  const clock = manualClock(NOW);
  const engine = createLoyaltyEngine({ store, clock, promotions: { promotions: [spring, giftCard, bulk, signed], timeZone: ZONE, signingKeys: [key] } });
  return { store, clock, engine };
}
const customer = (id: string) => ({ id, joinedAt: new Date('2025-01-01T00:00:00Z') });

describe('engine coupons: reserve → commit | release', () => {
  it('"spring-ab12", " SPRING-AB12 " and "SPRING-AB12" are one code for lookup and counting', async () => {
    const { engine, store } = setup();
    const typed = ['spring-ab12', ' SPRING-AB12 ', 'SPRING-AB12'];
    const outcomes: boolean[] = [];
    for (const [i, code] of typed.entries()) {
      const evaluation = await engine.evaluateCheckout({ cart: cart([line('20.00')]), codes: [code], customer: customer(`c${i}`) });
      if (evaluation.applied.length === 0) {
        expect(evaluation.rejectedCodes).toMatchObject([{ reason: 'LIMIT_REACHED' }]);
        outcomes.push(false);
        continue;
      }
      const held = await engine.reserveCoupons({ checkoutId: `co-${i}`, evaluation, customerId: `c${i}` });
      await engine.commitCoupons(held);
      outcomes.push(held.ok);
    }
    expect(outcomes).toEqual([true, true, false]); // limit 2, counted under one key
    const counts = await store.coupons.usageCounts({ promotionId: 'spring', codeKey: normalizeCode('Spring-ab12'), at: NOW });
    expect([counts.total, counts.code]).toEqual([2, 2]);
  });

  it('reserve is idempotent by checkout; a release gives the usage back; an expired hold is not committed', async () => {
    const { engine, clock } = setup();
    const evaluation = await engine.evaluateCheckout({ cart: cart([line('20.00')]), codes: ['SPRING-AB12'] });
    const a = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation });
    const again = await engine.reserveCoupons({ checkoutId: 'co-1', evaluation });
    expect(again.reservations.map((r) => r.reservationId)).toEqual(a.reservations.map((r) => r.reservationId));
    await engine.reserveCoupons({ checkoutId: 'co-2', evaluation });
    expect((await engine.reserveCoupons({ checkoutId: 'co-3', evaluation })).refused).toEqual([{ promotionId: 'spring', reason: 'TOTAL_LIMIT' }]);
    await engine.releaseCoupons(a);
    expect((await engine.reserveCoupons({ checkoutId: 'co-3', evaluation })).ok).toBe(true);
    // co-2's hold (15 minutes) runs out while 3-D Secure hangs: its commit changes nothing.
    clock.advance(16 * 60_000);
    const late = await engine.commitCoupons((await engine.reserveCoupons({ checkoutId: 'co-2', evaluation })));
    expect(late.map((r) => r.status)).toEqual(['expired']);
  });

  it('issues bulk codes, each usable once, counted by key', async () => {
    const { engine } = setup();
    const codes = await engine.issueCodes({ promotionId: 'bulk', count: 50, prefix: 'WELCOME-', pattern: '####-####' });
    expect(new Set(codes.map(normalizeCode)).size).toBe(50);
    const first = codes[0]!;
    const e1 = await engine.evaluateCheckout({ cart: cart([line('40.00')]), codes: [first.toLowerCase()] });
    expect(e1.discount).toBe('4.00');
    await engine.commitCoupons(await engine.reserveCoupons({ checkoutId: 'w1', evaluation: e1 }));
    const e2 = await engine.evaluateCheckout({ cart: cart([line('40.00')]), codes: [first] });
    expect(e2.rejectedCodes).toMatchObject([{ reason: 'LIMIT_REACHED' }]);
  });

  it('a signed code redeems once; a forged one is rejected', async () => {
    const { engine } = setup();
    const code = signCode({ campaign: 'PRINT26', serial: 7, expiresAt: new Date('2026-12-31T22:59:59Z') }, key);
    const e1 = await engine.evaluateCheckout({ cart: cart([line('20.00')]), codes: [code] });
    expect(e1.discount).toBe('3.00');
    await engine.commitCoupons(await engine.reserveCoupons({ checkoutId: 's1', evaluation: e1 }));
    expect((await engine.evaluateCheckout({ cart: cart([line('20.00')]), codes: [code] })).rejectedCodes).toMatchObject([{ reason: 'LIMIT_REACHED' }]);
    const forged = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect((await engine.evaluateCheckout({ cart: cart([line('20.00')]), codes: [forged] })).rejectedCodes).toMatchObject([{ reason: 'FORGED' }]);
  });

  it('a voucher is spent over three orders and a return credits it back', async () => {
    const { engine, store } = setup();
    await engine.addCodes('gift-card', [{ code: 'GIFT-ALICE', voucherAmount: '50.00', voucherCurrency: 'EUR' }]);
    const spend = async (id: string, amount: string) => {
      const evaluation = await engine.evaluateCheckout({ cart: cart([line(amount)]), codes: ['gift-alice'] });
      const held = await engine.reserveCoupons({ checkoutId: id, evaluation });
      await engine.commitCoupons(held);
      return { evaluation, held };
    };
    const o1 = await spend('o1', '20.00');
    const o2 = await spend('o2', '45.00');
    const o3 = await spend('o3', '10.00');
    // 50 → pays 20 (30 left) → pays 30 of 45 (0 left) → nothing.
    expect([o1.evaluation.voucherPayment, o2.evaluation.voucherPayment, o3.evaluation.voucherPayment]).toEqual(['20.00', '30.00', '0.00']);
    expect(o3.evaluation.rejectedCodes).toMatchObject([{ reason: 'NO_EFFECT' }]);
    expect((await store.coupons.findCode('G1FTA11CE', NOW))?.voucher?.balanceMinor).toBe(0);
    await engine.restoreCoupons({ reservation: o1.held, returnId: 'ret-o1', lines: 'all' });
    await engine.restoreCoupons({ reservation: o1.held, returnId: 'ret-o1', lines: 'all' }); // replay
    expect((await store.coupons.findCode(normalizeCode('GIFT-ALICE'), NOW))?.voucher?.balanceMinor).toBe(2000);
    const report = await engine.couponReport({ from: NOW, to: new Date(NOW.getTime() + 86_400_000) });
    expect(report).toEqual([
      { campaign: 'gift-card', promotionIds: ['gift-card'], issued: 1, sharedCodes: 0, redeemed: 2, redeemers: 2, restored: 1, conversion: 2, discount: { EUR: '0.00' }, voucherPayments: { EUR: '50.00' } },
    ]);
  });
});
