// issueCodes is idempotent by key and its printable codes can be read again; public codes are
// not "issued" codes in the campaign report (#13).
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/core/clock.js';
import { parsePromotion } from '../../src/coupons/index.js';
import { createLoyaltyEngine } from '../../src/engine/loyalty-engine.js';
import { createMemoryStore } from '../../src/storage/memory-store.js';
import { NOW, ZONE } from './fixtures.js';

const welcome = parsePromotion({ id: 'welcome', name: '10 %', campaign: 'WELCOME', effect: { type: 'percent-off', percent: '10' }, limits: { perCode: 1 } });
const spring = parsePromotion({ id: 'spring', name: '5 €', campaign: 'SPRING26', codes: ['SPRING26'], effect: { type: 'amount-off', amount: { EUR: '5.00' } } });

function setup() {
  const store = createMemoryStore();
  const engine = createLoyaltyEngine({ store, clock: manualClock(NOW), promotions: { promotions: [welcome, spring], timeZone: ZONE } });
  return { store, engine };
}
const cart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'SET', quantity: 1, unitPrice: '40.00' }] };

describe('issueCodes', () => {
  it('a retried call with the same key returns the first batch, also when the two race; the codes can be read again', async () => {
    const { engine } = setup();
    const input = { promotionId: 'welcome', count: 20, prefix: 'W-', pattern: '####-####', idempotencyKey: 'mailing-1' };
    const [a, b] = await Promise.all([engine.issueCodes(input), engine.issueCodes(input)]);
    expect(a).toHaveLength(20);
    expect([...(b ?? [])].sort()).toEqual([...a].sort());
    const again = await engine.issueCodes(input);
    expect([...again].sort()).toEqual([...a].sort());
    expect(await engine.issuedCodes('mailing-1')).toEqual([...a].sort((x, y) => (x.replace(/-/g, '') < y.replace(/-/g, '') ? -1 : 1)));
    const report = await engine.couponReport({ from: NOW, to: new Date(NOW.getTime() + 1) });
    expect(report.find((r) => r.campaign === 'WELCOME')?.issued).toBe(20); // one batch, not two
    expect(await engine.issuedCodes('unknown')).toEqual([]);
  });

  it('the same key for another count or promotion is a CONFLICT; without a key each call issues anew', async () => {
    const { engine } = setup();
    await engine.issueCodes({ promotionId: 'welcome', count: 3, pattern: '####-####', idempotencyKey: 'k' });
    await expect(engine.issueCodes({ promotionId: 'welcome', count: 4, pattern: '####-####', idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(engine.issueCodes({ promotionId: 'welcome', count: 3, pattern: '####-####', idempotencyKey: '  ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const x = await engine.issueCodes({ promotionId: 'welcome', count: 3, pattern: '####-####' });
    const y = await engine.issueCodes({ promotionId: 'welcome', count: 3, pattern: '####-####' });
    expect(new Set([...x, ...y]).size).toBe(6);
  });
});

describe('couponReport', () => {
  it('a public code redeemed 5 times (guest checkouts: 5 redeemers) is one shared code, not one issued code converting at 500 %', async () => {
    const { engine } = setup();
    for (let i = 0; i < 5; i++) {
      const evaluation = await engine.evaluateCheckout({ cart, codes: ['spring26'] });
      await engine.commitCoupons(await engine.reserveCoupons({ checkoutId: `co-${i}`, evaluation }));
    }
    const [row] = (await engine.couponReport({ from: NOW, to: new Date(NOW.getTime() + 1) })).filter((r) => r.campaign === 'SPRING26');
    expect(row).toEqual({ campaign: 'SPRING26', promotionIds: ['spring'], issued: 0, sharedCodes: 1, redeemed: 5, redeemers: 5, restored: 0, conversion: null, discount: { EUR: '25.00' }, voucherPayments: {} });
  });
});
