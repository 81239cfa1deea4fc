// No price depends on a promotion's id (#13): at equal priority line-level effects stack before
// order-level thresholds, and a threshold missed only because of them says so.
import { describe, expect, it } from 'vitest';
import { evaluateCart, parsePromotion } from '../../src/coupons/index.js';
import { NOW, ZONE, cart, line } from './fixtures.js';

const tea = { fact: 'line.categories', operator: 'contains', value: 'tea' } as const;
const threeForTwo = (id: string) =>
  parsePromotion({ id, name: '3 for 2', activation: 'automatic', effect: { type: 'buy-x-get-y', buy: { quantity: 2, lines: tea }, get: { quantity: 1, lines: tea } } });
const tenOff50 = (id: string) => parsePromotion({ id, name: '10 € from 50 €', activation: 'automatic', effect: { type: 'tiers', tiers: [{ from: { EUR: '50.00' }, amountOff: { EUR: '10.00' } }] } });
// 3 teas at 8.00 + a 30.00 pot = 54.00; one tea free → 46.00 left
const basket = () => cart([line('8.00', 3, ['tea']), line('30.00', 1, ['pots'])]);
const evaluate = (ids: [string, string]) => evaluateCart(basket(), { promotions: [threeForTwo(ids[0]), tenOff50(ids[1])], now: NOW, timeZone: ZONE });

describe('stacking order at equal priority', () => {
  it('gives the same price whatever the ids: the 3-for-2 runs first, the threshold measures the 46.00 it left', () => {
    const totals = (
      [
        ['tea-3for2', 'ten-off-50'],
        ['z-3for2', 'a-ten-off'],
        ['a-3for2', 'z-ten-off'],
      ] as Array<[string, string]>
    ).map((ids) => evaluate(ids).total);
    expect(totals).toEqual(['46.00', '46.00', '46.00']);
  });

  it('a threshold missed only because of an earlier discount is THRESHOLD_AFTER_DISCOUNTS, naming who took the amount', () => {
    const r = evaluate(['tea-3for2', 'ten-off-50']);
    expect(r.applied.map((a) => a.promotionId)).toEqual(['tea-3for2']);
    const skipped = r.trace.find((t) => t.promotionId === 'ten-off-50');
    expect(skipped).toEqual({
      promotionId: 'ten-off-50',
      outcome: 'skipped',
      reason: 'THRESHOLD_AFTER_DISCOUNTS',
      message: expect.stringMatching(/46\.00 left after earlier promotions reaches no tier \(54\.00 as given would\): taken by "tea-3for2"/),
    });
  });

  it('a cart that never reached the threshold stays NO_EFFECT', () => {
    const r = evaluateCart(cart([line('8.00', 3, ['tea'])]), { promotions: [threeForTwo('tea-3for2'), tenOff50('ten-off-50')], now: NOW, timeZone: ZONE });
    expect(r.trace.find((t) => t.promotionId === 'ten-off-50')?.reason).toBe('NO_EFFECT');
  });

  it('a higher priority still runs first: the threshold then sees 54.00', () => {
    // 10.00 off 54.00 spread by largest remainder: teas 24/54 → 4.44, pot 5.56; the free tea is
    // priced from what is left on its line: 19.56 / 3 = 6.52 → 54.00 − 10.00 − 6.52 = 37.48
    const first = parsePromotion({ ...tenOff50('ten-off-50'), priority: 1 });
    const r = evaluateCart(basket(), { promotions: [threeForTwo('tea-3for2'), first], now: NOW, timeZone: ZONE });
    expect([r.applied.map((a) => a.promotionId), r.total]).toEqual([['ten-off-50', 'tea-3for2'], '37.48']);
  });
});

describe('buy X get Y on a line of 2³¹ units (a cart a client can send in a few bytes)', () => {
  it('applies ⌊2,147,483,648 / 3⌋ = 715,827,882 times: 715,827,882 teas of 1.00 free, exactly, without a loop over the units', () => {
    const r = evaluateCart(cart([line('1.00', 2 ** 31, ['tea'])]), { promotions: [threeForTwo('p')], now: NOW, timeZone: ZONE });
    expect(r.discount).toBe('715827882.00');
    expect(r.total).toBe('1431655766.00'); // 2,147,483,648.00 − 715,827,882.00
    // at 12.50 the line's share (2,684,354,560,000 minor units × 715,827,882) passes 2⁵³: computed exactly
    const big = evaluateCart(cart([line('12.50', 2 ** 31, ['tea'])]), { promotions: [threeForTwo('p')], now: NOW, timeZone: ZONE });
    expect(big.discount).toBe('8947848525.00'); // 12.50 × 715,827,882
  });
});
