// The executable truth table of stacking: two promotions A (10 % off) and B (5 € off) on a
// 100 € cart (40 € where noted), under every stacking setting. Amounts by hand.
import { describe, expect, it } from 'vitest';
import { evaluateCart, parsePromotion } from '../../src/coupons/index.js';
import { NOW, ZONE, cart, line, promo } from './fixtures.js';

type Extra = Record<string, unknown>;
const A = (extra: Extra = {}, effect: Extra = {}) => promo('A', { type: 'percent-off', percent: '10', ...effect }, extra);
const B = (extra: Extra = {}) => promo('B', { type: 'amount-off', amount: { EUR: '5' } }, extra);

interface Row {
  readonly case: string;
  readonly a: Extra;
  readonly b: Extra;
  readonly aEffect?: Extra;
  readonly amount?: string;
  readonly applied: string[];
  readonly skipped: Record<string, string>;
  readonly discount: string;
}

const TABLE: Row[] = [
  { case: 'both stackable, A first', a: { priority: 2 }, b: { priority: 1 }, applied: ['A', 'B'], skipped: {}, discount: '15.00' }, // 10 + 5
  { case: 'both stackable, B first: A on the discounted 95', a: { priority: 1 }, b: { priority: 2 }, applied: ['B', 'A'], skipped: {}, discount: '14.50' }, // 5 + 9.50
  { case: 'B first, A on the original amount', a: { priority: 1 }, b: { priority: 2 }, aEffect: { basis: 'original' }, applied: ['B', 'A'], skipped: {}, discount: '15.00' }, // 5 + 10
  { case: 'equal priority: by id', a: {}, b: {}, applied: ['A', 'B'], skipped: {}, discount: '15.00' },
  { case: 'A exclusive and first', a: { priority: 2, exclusive: true }, b: { priority: 1 }, applied: ['A'], skipped: { B: 'EXCLUDED' }, discount: '10.00' },
  { case: 'A exclusive but B first', a: { priority: 1, exclusive: true }, b: { priority: 2 }, applied: ['B'], skipped: { A: 'NOT_ALONE' }, discount: '5.00' },
  { case: 'both exclusive: the first wins', a: { priority: 1, exclusive: true }, b: { priority: 2, exclusive: true }, applied: ['B'], skipped: { A: 'EXCLUDED' }, discount: '5.00' },
  { case: 'best-of: A gives more', a: { stacking: { group: 'g', mode: 'best-of' } }, b: { stacking: { group: 'g', mode: 'best-of' } }, applied: ['A'], skipped: { B: 'GROUP' }, discount: '10.00' },
  { case: 'best-of on 40 €: B gives more', amount: '40.00', a: { stacking: { group: 'g', mode: 'best-of' } }, b: { stacking: { group: 'g', mode: 'best-of' } }, applied: ['B'], skipped: { A: 'GROUP' }, discount: '5.00' }, // 4 vs 5
  { case: 'best-of tie on 50 €: priority, then id', amount: '50.00', a: { stacking: { group: 'g', mode: 'best-of' } }, b: { stacking: { group: 'g', mode: 'best-of' } }, applied: ['A'], skipped: { B: 'GROUP' }, discount: '5.00' }, // 5 vs 5
  { case: 'first-match: the first by priority', a: { priority: 1, stacking: { group: 'g', mode: 'first-match' } }, b: { priority: 2, stacking: { group: 'g', mode: 'first-match' } }, applied: ['B'], skipped: { A: 'GROUP' }, discount: '5.00' },
  {
    case: 'first-match: a member without effect lets the next match',
    a: { priority: 2, stacking: { group: 'g', mode: 'first-match' } },
    aEffect: { target: { lines: { fact: 'line.categories', operator: 'contains', value: 'none-such' } } },
    b: { priority: 1, stacking: { group: 'g', mode: 'first-match' } },
    applied: ['B'],
    skipped: { A: 'NO_EFFECT' },
    discount: '5.00',
  },
  { case: 'different groups stack', a: { stacking: { group: 'g1', mode: 'best-of' } }, b: { stacking: { group: 'g2', mode: 'best-of' } }, applied: ['A', 'B'], skipped: {}, discount: '15.00' },
  { case: 'A needs a code, none given', a: { activation: 'code', codes: ['TEN'] }, b: {}, applied: ['B'], skipped: {}, discount: '5.00' },
];

describe('stacking truth table', () => {
  it.each(TABLE)('$case', (row) => {
    const r = evaluateCart(cart([line(row.amount ?? '100.00')]), {
      promotions: [A(row.a, row.aEffect), B(row.b)],
      now: NOW,
      timeZone: ZONE,
    });
    expect(r.applied.map((x) => x.promotionId)).toEqual(row.applied);
    const skipped = Object.fromEntries(r.trace.filter((t) => t.outcome === 'skipped').map((t) => [t.promotionId, t.reason]));
    expect(skipped).toEqual(row.skipped);
    expect(r.discount).toBe(row.discount);
  });

  it('never goes below zero: 500 € off a 100 € cart, then 10 % has nothing left', () => {
    const r = evaluateCart(cart([line('60.00'), line('40.00')], { shipping: '4.90' }), {
      promotions: [promo('big', { type: 'amount-off', amount: { EUR: '500' } }, { priority: 2 }), A({ priority: 1 })],
      now: NOW,
      timeZone: ZONE,
    });
    expect(r.discount).toBe('100.00');
    expect(r.lines.map((l) => l.total)).toEqual(['0.00', '0.00']);
    expect(r.total).toBe('4.90');
    expect(r.trace[1]).toMatchObject({ promotionId: 'A', reason: 'NO_EFFECT' });
  });

  it('vouchers pay last, after an exclusive discount', () => {
    const voucher = parsePromotion({ id: 'card', name: 'Gift card', effect: { type: 'voucher' } });
    const r = evaluateCart(cart([line('100.00')], { shipping: '5.00' }), {
      promotions: [voucher, A({ exclusive: true }), promo('ship', { type: 'free-shipping' })],
      codes: [{ code: 'CARD-1', promotionId: 'card', voucherBalance: '200.00' }],
      now: NOW,
      timeZone: ZONE,
    });
    // A (exclusive, id order first) 10.00; free shipping excluded; the voucher pays 90 + 5.
    expect(r.applied.map((x) => x.promotionId)).toEqual(['A', 'card']);
    expect([r.discount, r.voucherPayment, r.total]).toEqual(['10.00', '95.00', '0.00']);
  });
});
