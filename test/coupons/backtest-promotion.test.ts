import { describe, expect, it } from 'vitest';
import { FidelisError } from '../../src/core/errors.js';
import { parseCart } from '../../src/coupons/cart.js';
import { backtestPromotion } from '../../src/coupons/backtest-promotion.js';

// Worked by hand: 10 % off everything with a 5.00 EUR budget, and 20 % off with the code
// WELCOME once per customer; five 40.00 EUR carts, the first before the window.
const PROMOTIONS = [
  { id: 'ten', name: '10 % off', activation: 'automatic', effect: { type: 'percent-off', percent: '10' }, limits: { budget: { EUR: '5.00' } } },
  { id: 'welcome', name: '20 % off with WELCOME', codes: ['WELCOME'], effect: { type: 'percent-off', percent: '20' }, limits: { perCustomer: 1 } },
];
const cart = parseCart({ currency: 'EUR', lines: [{ id: 'l1', sku: 'TEA', quantity: 1, unitPrice: '40.00' }] });
const at = (iso: string) => new Date(iso);
const who = (id: string) => ({ id, joinedAt: at('2025-01-01T00:00:00Z') });
const CARTS = [
  { at: at('2026-03-04T10:00:00Z'), cart, customer: who('A'), codes: ['WELCOME'] }, // ten: budget gone; welcome: A used it → LIMIT_REACHED
  { at: at('2026-03-01T10:00:00Z'), cart, customer: who('A') }, // ten: 4.00 (4.00 of 5.00 spent)
  { at: at('2026-02-01T10:00:00Z'), cart, customer: who('Z') }, // before the window
  { at: at('2026-03-02T10:00:00Z'), cart, customer: who('B') }, // ten: 4.00 capped to the 1.00 left: budget exhausted
  { at: at('2026-03-03T10:00:00Z'), cart, customer: who('A'), codes: ['welcome'] }, // ten: BUDGET_EXHAUSTED; welcome: 8.00
];

describe('backtestPromotion', () => {
  it('replays the carts in time order with the usage the earlier ones left', () => {
    const r = backtestPromotion({ promotions: PROMOTIONS, carts: CARTS, timeZone: 'Europe/Paris', from: at('2026-03-01T00:00:00+01:00') });
    expect(r).toEqual({
      carts: 4,
      cartsAffected: 3,
      discount: { EUR: '13.00' },
      promotions: [
        { promotionId: 'ten', name: '10 % off', carts: 2, discount: { EUR: '5.00' }, voucher: { EUR: '0.00' }, budget: { EUR: '5.00' }, budgetExhaustedAt: at('2026-03-02T10:00:00Z'), refusedForBudget: 2, refusedForLimit: 0 },
        { promotionId: 'welcome', name: '20 % off with WELCOME', carts: 1, discount: { EUR: '8.00' }, voucher: { EUR: '0.00' }, budget: {}, budgetExhaustedAt: null, refusedForBudget: 0, refusedForLimit: 1 },
      ],
    });
  });

  it('names a bad promotion field and a window whose start is after its end', () => {
    const fail = (f: () => unknown, path: string): void => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(FidelisError);
        expect((e as FidelisError).issues.map((i) => i.path)).toContain(path);
      }
    };
    fail(() => backtestPromotion({ promotions: [{ ...PROMOTIONS[0], effect: { type: 'percent-off', percent: '120' } }], carts: CARTS, timeZone: 'Europe/Paris' }), '[0].effect.percent');
    fail(() => backtestPromotion({ promotions: PROMOTIONS, carts: CARTS, timeZone: 'Europe/Paris', from: at('2026-04-01T00:00:00Z'), until: at('2026-03-01T00:00:00Z') }), 'from');
  });
});
