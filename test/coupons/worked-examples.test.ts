// Worked examples: every expected amount is computed by hand in the comment beside it.
import { describe, expect, it } from 'vitest';
import { evaluateCart, parsePromotion } from '../../src/coupons/index.js';
import { NOW, ZONE, cart, line, promo } from './fixtures.js';

const run = (c: ReturnType<typeof cart>, promotions: ReturnType<typeof promo>[], codes: Parameters<typeof evaluateCart>[1]['codes'] = []) =>
  evaluateCart(c, { promotions, codes, now: NOW, timeZone: ZONE });
const perLine = (r: ReturnType<typeof run>) => r.lines.map((l) => l.discount);

describe('buy 2 get 1 on a mixed-price cart', () => {
  // Units 30, 25, 20, 15, 10, 5 → two applications; the cheapest units (5 and 10) are free.
  const c = cart([line('30.00'), line('25.00'), line('20.00'), line('15.00'), line('10.00'), line('5.00')]);
  it('frees the two cheapest units', () => {
    const r = run(c, [promo('b2g1', { type: 'buy-x-get-y', buy: { quantity: 2 }, get: { quantity: 1 } })]);
    expect(perLine(r)).toEqual(['0.00', '0.00', '0.00', '0.00', '10.00', '5.00']);
    expect(r.discount).toBe('15.00');
    expect(r.total).toBe('90.00'); // 105 − 15
  });
  it('respects maxApplications and a partial percentage', () => {
    const once = run(c, [promo('b2g1', { type: 'buy-x-get-y', buy: { quantity: 2 }, get: { quantity: 1 }, maxApplications: 1 })]);
    expect(perLine(once)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', '5.00']);
    // get at 50 %: 10.00 × 50 % = 5.00 and 5.00 × 50 % = 2.50
    const half = run(c, [promo('b2g1h', { type: 'buy-x-get-y', buy: { quantity: 2 }, get: { quantity: 1, percent: '50' } })]);
    expect(half.discount).toBe('7.50');
  });
  it('counts units within a line and can give the most expensive', () => {
    // 3 × 9.99 + 1 × 4.00: 4 units, one application; cheapest unit is 4.00.
    const c2 = cart([line('9.99', 3), line('4.00')]);
    expect(run(c2, [promo('b', { type: 'buy-x-get-y', buy: { quantity: 2 }, get: { quantity: 1 } })]).discount).toBe('4.00');
    // most-expensive: one unit of the 9.99 line: 29.97 × 1/3 = 9.99
    const r = run(c2, [promo('b', { type: 'buy-x-get-y', buy: { quantity: 2 }, get: { quantity: 1 }, free: 'most-expensive' })]);
    expect(perLine(r)).toEqual(['9.99', '0.00']);
  });
  it('buys from one set and gives from another', () => {
    // Buy 2 tea, get 1 cup free: 3 teas (1 application possible), 2 cups → cheapest cup (6.00) free.
    const c3 = cart([line('8.00', 3, ['tea']), line('6.00', 1, ['cup']), line('7.50', 1, ['cup'])]);
    const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' };
    const cup = { fact: 'line.categories', operator: 'contains', value: 'cup' };
    const r = run(c3, [promo('tc', { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: cup } })]);
    expect(perLine(r)).toEqual(['0.00', '6.00', '0.00']);
  });
});

describe('threshold tiers: 10 € off from 50 €, 25 € off from 100 €', () => {
  const tiers = promo('tiers', {
    type: 'tiers',
    tiers: [
      { from: { EUR: '50' }, amountOff: { EUR: '10' } },
      { from: { EUR: '100' }, amountOff: { EUR: '25' } },
    ],
  });
  it.each([
    ['49.99', '0.00'],
    ['50.00', '10.00'],
    ['50.01', '10.00'],
    ['99.99', '10.00'],
    ['100.00', '25.00'],
    ['100.01', '25.00'],
    ['250.00', '25.00'],
  ])('a %s € cart gets %s € off', (amount, off) => {
    expect(run(cart([line(amount)]), [tiers]).discount).toBe(off);
  });
  it('spreads 25.00 over 33.33 + 66.67 by largest remainder', () => {
    // 2500 × 3333 / 10000 = 833.25 → 833; 2500 × 6667 / 10000 = 1666.75 → 1666; the leftover
    // cent goes to the larger remainder (.75): 8.33 + 16.67.
    expect(perLine(run(cart([line('33.33'), line('66.67')]), [tiers]))).toEqual(['8.33', '16.67']);
  });
  it('says why below the first tier', () => {
    const r = run(cart([line('49.99')]), [tiers]);
    expect(r.trace).toEqual([{ promotionId: 'tiers', outcome: 'skipped', reason: 'NO_EFFECT', message: '49.99 reaches no tier' }]);
  });
});

describe('a voucher spent over three orders', () => {
  const voucher = parsePromotion({ id: 'gift-card', name: 'Gift card', effect: { type: 'voucher' } });
  it('pays 20.00, then 30.00 of 45.00, then nothing', () => {
    // Balance 50.00. Order 1: 20.00 → pays 20.00, 30.00 left.
    const r1 = run(cart([line('20.00')]), [voucher], [{ code: 'GC-1', promotionId: 'gift-card', voucherBalance: '50.00' }]);
    expect([r1.voucherPayment, r1.total]).toEqual(['20.00', '0.00']);
    expect(r1.applied[0]?.voucherMinor).toBe(2000);
    // Order 2: 40.00 + 5.00 shipping = 45.00 → pays the 30.00 left, split 40:5 →
    // 3000 × 40/45 = 2666.67 → 2666 (+1 leftover: remainder .67 > .33) = 26.67; shipping 3.33.
    const r2 = run(cart([line('40.00')], { shipping: '5.00' }), [voucher], [{ code: 'GC-1', promotionId: 'gift-card', voucherBalance: '30.00' }]);
    expect([r2.voucherPayment, r2.total, r2.lines[0]?.discount]).toEqual(['30.00', '15.00', '26.67']);
    expect(r2.discount).toBe('0.00'); // a voucher is payment, not a discount
    // Order 3: balance 0 → no effect, the code is reported.
    const r3 = run(cart([line('12.00')]), [voucher], [{ code: 'GC-1', promotionId: 'gift-card', voucherBalance: '0.00' }]);
    expect(r3.total).toBe('12.00');
    expect(r3.rejectedCodes).toMatchObject([{ code: 'GC-1', reason: 'NO_EFFECT' }]);
  });
});

describe('gift with purchase', () => {
  const gift = promo('tote', { type: 'gift', sku: 'TOTE', name: 'Tote bag', value: { EUR: '8.00' } }, { minimumOrder: { EUR: '30' } });
  it('adds the item from 30 €', () => {
    const r = run(cart([line('30.00')]), [gift]);
    expect(r.addedItems).toEqual([{ sku: 'TOTE', name: 'Tote bag', quantity: 1, promotionId: 'tote' }]);
    expect(r.total).toBe('30.00');
  });
  it('not below', () => {
    const r = run(cart([line('29.99')]), [gift]);
    expect(r.addedItems).toEqual([]);
    expect(r.trace[0]).toMatchObject({ reason: 'MINIMUM_ORDER', message: 'subtotal 29.99 is below the minimum 30.00' });
  });
});

describe('a capped percentage: 20 % off, at most 15 €', () => {
  const capped = promo('p20', { type: 'percent-off', percent: '20', cap: { EUR: '15' } });
  it('caps on a 100 € cart and spreads the cap', () => {
    // 20 % of 100.00 = 20.00 → capped to 15.00; split 70:30 → 10.50 + 4.50.
    const r = run(cart([line('70.00'), line('30.00')]), [capped]);
    expect(perLine(r)).toEqual(['10.50', '4.50']);
  });
  it('does not cap on a 60 € cart', () => {
    expect(run(cart([line('60.00')]), [capped]).discount).toBe('12.00');
  });
  it('rounds once with the rounding mode: 15 % of 2.97', () => {
    // 3 × 0.99 = 2.97; 15 % = 0.4455 → half-up 0.45; down 0.44.
    const up = promo('p15', { type: 'percent-off', percent: '15' });
    const down = promo('p15d', { type: 'percent-off', percent: '15' }, { rounding: 'down' });
    expect(run(cart([line('0.99', 3)]), [up]).discount).toBe('0.45');
    expect(run(cart([line('0.99', 3)]), [down]).discount).toBe('0.44');
  });
});

describe('an exclusive promotion beating a stackable one', () => {
  it('the higher-priority exclusive applies alone', () => {
    // 15 % of 80.00 = 12.00; the 10 € stackable is excluded.
    const r = run(cart([line('80.00')]), [
      promo('vip15', { type: 'percent-off', percent: '15' }, { exclusive: true, priority: 10 }),
      promo('ten', { type: 'amount-off', amount: { EUR: '10' } }, { priority: 5 }),
    ]);
    expect(r.discount).toBe('12.00');
    expect(r.trace).toMatchObject([
      { promotionId: 'vip15', outcome: 'applied' },
      { promotionId: 'ten', outcome: 'skipped', reason: 'EXCLUDED' },
    ]);
  });
});

describe('codes, validity and eligibility', () => {
  const spring = parsePromotion({
    id: 'spring',
    name: 'Spring',
    codes: ['SPRING-AB12'],
    validUntil: '2026-03-31',
    effect: { type: 'amount-off', amount: { EUR: '5' } },
  });
  it('accepts the code in any typing, and counts it under one key', () => {
    for (const typed of ['spring-ab12', ' SPRING-AB12 ', 'SPRING-AB12']) {
      const r = run(cart([line('20.00')]), [spring], [typed]);
      expect(r.applied).toMatchObject([{ promotionId: 'spring', codeKey: 'SPR1NGAB12' }]);
    }
  });
  it('"until 2026-03-31" lasts to the end of that day in the program zone', () => {
    const c = cart([line('20.00')]);
    // 2026-03-31 23:59:59.999 in Paris (summer time, UTC+2) = 21:59:59.999Z
    const at = (iso: string) => evaluateCart(c, { promotions: [spring], codes: ['SPRING-AB12'], now: new Date(iso), timeZone: ZONE });
    expect(at('2026-03-31T21:59:59.999Z').discount).toBe('5.00');
    expect(at('2026-03-31T22:00:00.000Z').rejectedCodes).toMatchObject([{ reason: 'ENDED' }]);
  });
  it('rejects unknown, duplicate and restricted codes with reasons', () => {
    const vip = parsePromotion({ id: 'vip', name: 'VIP', codes: ['VIP'], customers: { segments: ['gold'] }, effect: { type: 'free-shipping' } });
    const r = run(cart([line('20.00')], { shipping: '4.90' }), [spring, vip], ['NOPE', 'SPRING-AB12', 'spring ab12', 'VIP']);
    expect(r.rejectedCodes.map((x) => [x.code, x.reason])).toEqual([
      ['NOPE', 'UNKNOWN_CODE'],
      ['spring ab12', 'DUPLICATE'],
      ['VIP', 'CUSTOMER'],
    ]);
    expect(r.total).toBe('19.90'); // 20.00 − 5.00 + 4.90
  });
});
