import { describe, expect, it } from 'vitest';
import {
  bgNbdModel,
  type CustomerSummary,
  customerLifetimeValue,
  customerLifetimeValues,
  FidelisError,
  gammaGammaModel,
} from '../../src/index.js';

const summary: CustomerSummary = {
  customerId: 'c1',
  frequency: 2,
  recency: 30.43,
  T: 38.86,
  monetaryValue: 22.35,
  totalValue: 56.47,
  totalMargin: 16.94,
  purchaseCount: 3,
};

// A transaction model whose expectation is linear in the horizon: 0.5 purchases a month.
const steady = (perMonth: number, month: number) => ({ expectedPurchases: (t: number) => (perMonth * t) / month });

describe('customer lifetime value', () => {
  it('equals the geometric series Σ n·v·m/(1+d)^k for a steady buyer (worked by hand)', () => {
    // 0.5 purchases a month, €40 each, 30 % margin, 1 % a month over 12 months:
    // 0.5·40·0.3 · (1 − 1.01^{−12})/0.01 = 6 · 11.255077473484…
    const clv = customerLifetimeValue({
      transactionModel: steady(0.5, 4.345),
      spendModel: 40,
      summary,
      horizonMonths: 12,
      monthlyDiscountRate: 0.01,
      margin: 0.3,
      timeUnit: 'week',
    });
    expect(clv).toBeCloseTo(6 * ((1 - 1.01 ** -12) / 0.01), 10);
    expect(clv).toBeCloseTo(67.53046484, 6);
  });

  it('uses 30-day months in days, no discount when the rate is 0, and the customer’s own margin when asked', () => {
    const clv = customerLifetimeValue({
      transactionModel: steady(2, 30),
      spendModel: 10,
      summary,
      horizonMonths: 6,
      monthlyDiscountRate: 0,
      margin: (s) => (s.totalMargin ?? 0) / s.totalValue,
      timeUnit: 'day',
    });
    expect(clv).toBeCloseTo(2 * 6 * 10 * (16.94 / 56.47), 10);
  });

  it('with BG/NBD and Gamma-Gamma: monthly increments of the conditional expectation, discounted', () => {
    const transactionModel = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const spendModel = gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 });
    const settings = { transactionModel, spendModel, horizonMonths: 12, monthlyDiscountRate: 0.01, timeUnit: 'week' } as const;
    const clv = customerLifetimeValue({ ...settings, summary });
    const undiscounted = customerLifetimeValue({ ...settings, summary, monthlyDiscountRate: 0 });
    // Without discount the increments telescope to E[Y(12 months)] · E[value].
    expect(undiscounted).toBeCloseTo(transactionModel.expectedPurchases(12 * 4.345, summary) * spendModel.expectedAverageValue(summary), 10);
    // Discounting lowers the value, by less than the full-year factor 1.01^{−12}.
    expect(clv).toBeLessThan(undiscounted);
    expect(clv).toBeGreaterThan(undiscounted * 1.01 ** -12);
    const batch = customerLifetimeValues([summary, { ...summary, frequency: 0, recency: 0 }, { ...summary, monetaryValue: 50 }], settings);
    expect(batch[0]).toBe(clv);
    expect(batch[1]).toBe(customerLifetimeValue({ ...settings, summary: { ...summary, frequency: 0, recency: 0 } }));
    // Same (x, t_x, T), different spend: the cached purchases are shared, the value is not.
    expect(batch[2]).toBeCloseTo(customerLifetimeValue({ ...settings, summary: { ...summary, monetaryValue: 50 } }), 12);
    expect(batch[2]).toBeGreaterThan(clv);
  });

  it('the memo shares work between customers of one (x, t_x, T) only: each value equals the customer’s own', () => {
    const transactionModel = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const spendModel = gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 });
    const settings = { transactionModel, spendModel, horizonMonths: 6, monthlyDiscountRate: 0.02, timeUnit: 'week' } as const;
    // 400 customers from 5 × 4 × 3 × 2 histories, in a scrambled order: many repeats, near misses.
    const many = Array.from({ length: 400 }, (_, i) => {
      const k = (i * 7919) % 120;
      const frequency = k % 5;
      const T = 30 + ((k >> 2) % 3);
      return { ...summary, customerId: `c${i}`, frequency, recency: frequency === 0 ? 0 : 1 + ((k >> 1) % 4) * 0.5, T, monetaryValue: frequency === 0 ? 0 : 20 + (k % 2) };
    });
    const values = customerLifetimeValues(many, settings);
    many.forEach((s, i) => expect(values[i]).toBe(customerLifetimeValue({ ...settings, summary: s })));
  });

  it('rejects a bad horizon, discount rate or amount', () => {
    const base = { transactionModel: steady(1, 30), spendModel: 10, summary, timeUnit: 'day' } as const;
    expect(() => customerLifetimeValue({ ...base, horizonMonths: 0 })).toThrow(FidelisError);
    expect(() => customerLifetimeValue({ ...base, horizonMonths: 1.5 })).toThrow(/horizonMonths/);
    expect(() => customerLifetimeValue({ ...base, monthlyDiscountRate: Number.NaN })).toThrow(/monthlyDiscountRate/);
    expect(() => customerLifetimeValue({ ...base, spendModel: -1 })).toThrow(/spendModel/);
    expect(() => customerLifetimeValue({ ...base, timeUnit: 'month' as 'day' })).toThrow(/timeUnit/);
  });
});
