import { describe, expect, it } from 'vitest';
import { evaluateCart, parsePromotion, signCode } from '../../src/coupons/index.js';
import { NOW, ZONE, cart, line, promo } from './fixtures.js';

const alice = { id: 'alice', joinedAt: new Date('2025-01-01T00:00:00Z'), attributes: { segment: 'gold' }, stats: { orderCount: 0 } };
const bob = { id: 'bob', joinedAt: new Date('2025-01-01T00:00:00Z'), tier: 'silver', stats: { orderCount: 3 } };
const five = { type: 'amount-off', amount: { EUR: '5' } };
const reasons = (r: ReturnType<typeof evaluateCart>) => r.trace.map((t) => t.reason ?? 'applied');
const evalWith = (promotions: ReturnType<typeof promo>[], extra: Partial<Parameters<typeof evaluateCart>[1]> = {}, c = cart([line('40.00')])) =>
  evaluateCart(c, { promotions, now: NOW, timeZone: ZONE, ...extra });

describe('eligibility', () => {
  it('validFrom is the start of the local day in the program zone', () => {
    // 2026-03-08 00:00 in Paris (UTC+1) = 2026-03-07T23:00:00Z
    const p = [promo('p', five, { validFrom: '2026-03-08' })];
    expect(reasons(evalWith(p, { now: new Date('2026-03-07T22:59:59.999Z') }))).toEqual(['NOT_STARTED']);
    expect(reasons(evalWith(p, { now: new Date('2026-03-07T23:00:00.000Z') }))).toEqual(['applied']);
    // The same date in Tokyo starts 8 hours earlier.
    expect(reasons(evalWith(p, { now: new Date('2026-03-07T15:00:00.000Z'), timeZone: 'Asia/Tokyo' }))).toEqual(['applied']);
  });
  it('channels, customer ids, segments (or tier) and new customers', () => {
    const list = [
      promo('app', five, { channels: ['app'] }),
      promo('ids', five, { customers: { ids: ['alice'] } }),
      promo('seg', five, { customers: { segments: ['gold', 'silver'] } }),
      promo('new', five, { customers: { newCustomersOnly: true } }),
    ];
    expect(reasons(evalWith(list, { customer: alice }))).toEqual(['CHANNEL', 'applied', 'applied', 'applied']);
    expect(reasons(evalWith(list, { customer: bob }))).toEqual(['CHANNEL', 'CUSTOMER', 'NEW_CUSTOMERS_ONLY', 'applied']);
    expect(reasons(evalWith(list))).toEqual(['CHANNEL', 'CUSTOMER', 'CUSTOMER', 'NEW_CUSTOMERS_ONLY']);
  });
  it('currency: amounts must name the cart currency; KWD keeps 3 decimals, JPY none', () => {
    const p = [promo('p', { type: 'amount-off', amount: { EUR: '5', KWD: '1.250' } })];
    expect(reasons(evalWith(p, {}, cart([line('1500')], {}, 'JPY')))).toEqual(['CURRENCY']);
    const kwd = evalWith(p, {}, cart([line('3.333'), line('6.667')], {}, 'KWD'));
    // 1250 fils over 3333 : 6667 → 416.625 → 416, 833.375 → 833, leftover 1 to .625 → 417 + 833
    expect(kwd.lines.map((l) => l.discount)).toEqual(['0.417', '0.833']);
    const jpy = evalWith([promo('p', { type: 'percent-off', percent: '15' })], {}, cart([line('999')], {}, 'JPY'));
    expect(jpy.discount).toBe('150'); // 149.85 → 150 (half-up)
  });
  it('conditions and the usage snapshot', () => {
    const list = [
      promo('weekend', five, { conditions: { fact: 'order.weekday', operator: 'in', value: [6, 7] } }),
      promo('big', five, { conditions: { fact: 'order.subtotal', operator: 'greaterThanInclusive', value: '100.00' } }),
      promo('limited', five, { limits: { total: 3 } }),
      promo('budget', { type: 'percent-off', percent: '50' }, { limits: { budget: { EUR: '100' } } }),
    ];
    const usage = { limited: { total: 3 }, budget: { spentMinor: { EUR: 9_700 } } };
    const r = evalWith(list, { usage });
    // The trace lists eligibility refusals first (in list order), then the stacking steps.
    expect(r.trace.map((t) => [t.promotionId, t.reason ?? 'applied'])).toEqual([
      ['big', 'CONDITIONS'],
      ['limited', 'LIMIT_REACHED'],
      ['budget', 'applied'], // same priority: by id
      ['weekend', 'applied'], // NOW is a Saturday in Paris
    ]);
    // 50 % of 40.00 = 20.00, but only 100.00 − 97.00 = 3.00 of the budget is left.
    expect(r.applied.find((a) => a.promotionId === 'budget')?.lineAmount).toBe('3.00');
  });
  it('a per-customer limit needs a known customer', () => {
    expect(reasons(evalWith([promo('once', five, { limits: { perCustomer: 1 } })]))).toEqual(['CUSTOMER']);
  });
  it('signed codes: genuine, expired and forged', () => {
    const key = { id: 3, secret: 'eligibility-test-secret-0123456' };
    const p = [parsePromotion({ id: 'print', name: 'Print', campaign: 'PRINT', signedCodes: true, effect: five })];
    const good = signCode({ campaign: 'PRINT', serial: 1, expiresAt: new Date('2026-12-31T00:00:00Z') }, key);
    const old = signCode({ campaign: 'PRINT', serial: 2, expiresAt: new Date('2026-01-31T00:00:00Z') }, key);
    const other = signCode({ campaign: 'PRINT', serial: 3, expiresAt: new Date('2026-12-31T00:00:00Z') }, { id: 3, secret: 'not-the-shop-secret-xxxxxxxxxxx' });
    const r = evalWith(p, { codes: [good, old, other], signingKeys: [key] });
    expect(r.applied.map((a) => a.promotionId)).toEqual(['print']);
    expect(r.rejectedCodes.map((x) => x.reason)).toEqual(['EXPIRED', 'FORGED']);
  });
  it('an assigned code only for its customer', () => {
    const p = [parsePromotion({ id: 'mine', name: 'Mine', effect: five })];
    const code = { code: 'MINE-1', promotionId: 'mine', assignedTo: 'alice' };
    expect(evalWith(p, { codes: [code], customer: bob }).rejectedCodes.map((x) => x.reason)).toEqual(['NOT_ASSIGNED']);
    expect(evalWith(p, { codes: [code], customer: alice }).discount).toBe('5.00');
  });
  it('a voucher in another currency does not pay', () => {
    const p = [parsePromotion({ id: 'card', name: 'Card', effect: { type: 'voucher' } })];
    const r = evalWith(p, { codes: [{ code: 'C-1', promotionId: 'card', voucherBalance: '50.00', voucherCurrency: 'USD' }] });
    expect([r.total, r.rejectedCodes.map((x) => x.reason)]).toEqual(['40.00', ['CURRENCY']]);
  });
});

describe('promotion list cache', () => {
  it('sees promotions added to the same array later', () => {
    const list = [promo('a', five)];
    expect(evalWith(list).discount).toBe('5.00');
    list.push(promo('b', five));
    expect(evalWith(list).discount).toBe('10.00');
    list[0] = promo('c', { type: 'amount-off', amount: { EUR: '1' } });
    expect(evalWith(list).applied.map((x) => x.promotionId)).toEqual(['b', 'c']);
  });
});
