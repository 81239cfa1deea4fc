// One customer shape: evaluateCheckout takes the customer as recordOrder does (raw JSON,
// validated by the engine), plus the optional tier and stats facts.
import { describe, expect, it } from 'vitest';
import { createLoyaltyEngine, createMemoryStore, isFidelisError, manualClock, parsePromotion } from '../../src/index.js';

const engine = createLoyaltyEngine({
  store: createMemoryStore(),
  clock: manualClock(new Date('2026-03-07T10:00:00Z')),
  promotions: {
    timeZone: 'Europe/Paris',
    promotions: [
      parsePromotion({ id: 'vip-10', name: '10 % for VIPs', activation: 'automatic', effect: { type: 'percent-off', percent: '10' }, conditions: { fact: 'customer.attributes.segment', operator: 'equal', value: 'vip' } }),
      parsePromotion({ id: 'gold-5', name: '5 € for gold', activation: 'automatic', effect: { type: 'amount-off', amount: { EUR: '5.00' } }, conditions: { fact: 'customer.tier', operator: 'equal', value: 'gold' } }),
    ],
  },
});
const cart = { currency: 'EUR', lines: [{ id: 'l1', sku: 'A', quantity: 2, unitPrice: '20.00' }] };

describe('evaluateCheckout takes the engine\'s one customer shape', () => {
  it('the JSON a shop sends to recordOrder (ISO joinedAt, attributes) prices the cart: 40 € − 10 % = 36 €; a tier fact adds gold-5: 31.50 €', async () => {
    const customer = { id: 'c1', joinedAt: '2026-01-01T00:00:00Z', attributes: { segment: 'vip' } };
    const plain = await engine.evaluateCheckout({ cart, customer });
    expect(plain.applied.map((a) => a.promotionId)).toEqual(['vip-10']);
    expect(plain.total).toBe('36.00');
    const gold = await engine.evaluateCheckout({ cart, customer: { ...customer, tier: 'gold', stats: { orderCount: 3, firstOrderAt: '2026-01-10T10:00:00Z' } } });
    // both order-level, equal priority: gold-5 then vip-10 (by id); 40 − 5 = 35, − 10 % of 35 = 31.50
    expect(gold.applied.map((a) => a.promotionId)).toEqual(['gold-5', 'vip-10']);
    expect(gold.total).toBe('31.50');
  });

  it('a bad customer is VALIDATION_FAILED naming customer.<field>, before anything is priced', async () => {
    for (const [customer, path] of [
      [{ id: 'c1', joinedAt: 'yesterday' }, 'joinedAt'],
      [{ id: '', joinedAt: '2026-01-01T00:00:00Z' }, 'id'],
      [{ id: 'c1', joinedAt: '2026-01-01T00:00:00Z', stats: { orderCount: -1 } }, 'stats.orderCount'],
    ] as const) {
      const error = await engine.evaluateCheckout({ cart, customer }).catch((e: unknown) => e);
      expect(isFidelisError(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as { details: { issues: { path: string }[] } }).details.issues.map((i) => i.path)).toEqual([path]);
    }
  });
});
