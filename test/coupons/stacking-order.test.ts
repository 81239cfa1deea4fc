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
