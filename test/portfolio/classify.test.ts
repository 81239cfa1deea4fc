import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdModel,
  classifyPortfolio,
  comparePortfolios,
  type CustomerSummary,
  customerLifetimeValues,
  gammaGammaModel,
  Money,
  quantile,
} from '../../src/index.js';

function customer(customerId: string, totalValue: number, extra: Partial<CustomerSummary> = {}): CustomerSummary {
  return { customerId, frequency: 1, recency: 10, T: 20, monetaryValue: totalValue / 2, totalValue, purchaseCount: 2, ...extra };
}

const SIX = [customer('a', 100), customer('b', 50), customer('c', 10), customer('d', 0), customer('e', 200), customer('f', 30)];
const POTENTIAL: Record<string, number> = { a: 5, b: 20, c: 1, d: 8, e: 2, f: 12 };
const potential = (s: CustomerSummary): number => POTENTIAL[s.customerId] ?? Number.NaN;

describe('classifyPortfolio', () => {
  it('medians, quadrants, counts, shares and budget worked out by hand', () => {
    const p = classifyPortfolio(SIX, { value: 'revenue', potential, budget: { amount: '1000.00', currency: 'EUR' } });
    // Values 0 10 30 50 100 200 → median (30 + 50) / 2 = 40; potentials 1 2 5 8 12 20 → (5 + 8) / 2 = 6.5.
    expect(p.thresholds).toEqual({ value: 40, potential: 6.5 });
    expect(p.customers.map((c) => `${c.customerId}:${c.quadrant}`)).toEqual([
      'a:profit',
      'b:star',
      'c:selection',
      'd:question-mark',
      'e:profit',
      'f:question-mark',
    ]);
    expect(p.counts).toEqual({ star: 1, 'question-mark': 2, profit: 2, selection: 1 });
    expect(p.shares.profit).toEqual({ customers: 2, value: 300, potential: 7, customerShare: 2 / 6, valueShare: 300 / 390, potentialShare: 7 / 48 });
    expect(p.shares['question-mark']).toEqual({ customers: 2, value: 30, potential: 20, customerShare: 2 / 6, valueShare: 30 / 390, potentialShare: 20 / 48 });
    expect(p.measures).toEqual({ value: 'revenue', potential: 'custom' });
    expect(p.strategies.star.action).toBe('invest');
    // Weights × potential: 20 × 1, 20 × 1, 7 × 0.5, 1 × 0.25 = 20 : 20 : 3.5 : 0.25 of 43.75.
    // In cents: 45714.29, 45714.29, 8000, 571.43 → floors leave 1 cent, to the largest remainder (selection).
    const b = p.budget;
    expect(b?.basis).toBe('potential');
    expect(PORTFOLIO_ORDER.map((q) => b?.byQuadrant[q].toString())).toEqual(['457.14 EUR', '457.14 EUR', '80.00 EUR', '5.72 EUR']);
  });

  it('a measure equal to the threshold is high', () => {
    const p = classifyPortfolio([customer('x', 1), customer('y', 1), customer('z', 1)], { potential: () => 3 });
    expect(p.counts.star).toBe(3);
  });

  it('quantile and absolute thresholds, per axis', () => {
    // Value quantile 0.75: h = 5 × 0.75 = 3.75 → 50 + 0.75 × (100 − 50) = 87.5.
    const q = classifyPortfolio(SIX, { potential, thresholds: { quantile: 0.75 } });
    expect(q.thresholds.value).toBe(87.5);
    expect(q.thresholds.potential).toBe(8 + 0.75 * (12 - 8));
    const abs = classifyPortfolio(SIX, { potential, thresholds: { value: { absolute: 50 } } });
    expect(abs.thresholds).toEqual({ value: 50, potential: 6.5 });
    expect(abs.customers.find((c) => c.customerId === 'b')?.quadrant).toBe('star');
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([4, 1, 3, 2], 0)).toBe(1);
  });

  it('built-in measures: margin, rfm, expected purchases and CLV from fitted models', () => {
    const withMargin = SIX.map((s, i) => ({ ...s, totalMargin: i * 10 - 5 }));
    const m = classifyPortfolio(withMargin, { value: 'margin', potential });
    expect(m.customers.map((c) => c.value)).toEqual([-5, 5, 15, 25, 35, 45]);
    const rfm = classifyPortfolio(SIX, { value: 'rfm', potential: 'rfm' });
    expect(rfm.customers.every((c) => c.value === c.potential && c.value >= 3 && c.value <= 15)).toBe(true);
    const transactionModel = bgNbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const spendModel = gammaGammaModel({ p: 6.25, q: 3.74, gamma: 15.44 });
    const ep = classifyPortfolio(SIX, { potential: 'expected-purchases', transactionModel, horizon: 52 });
    expect(ep.customers.map((c) => c.potential)).toEqual(SIX.map((s) => transactionModel.expectedPurchases(52, s)));
    const lifetimeValue = { transactionModel, spendModel, timeUnit: 'week' as const };
    // Twelve customers, six distinct histories: computed once per history, same values.
    const twelve = [...SIX, ...SIX.map((s) => ({ ...s, customerId: `${s.customerId}2` }))];
    const clv = classifyPortfolio(twelve, { lifetimeValue });
    expect(clv.measures.potential).toBe('clv');
    expect(clv.customers.map((c) => c.potential)).toEqual(customerLifetimeValues(twelve, lifetimeValue));
    const perCustomerMargin = { ...lifetimeValue, margin: (s: CustomerSummary) => (s.customerId.endsWith('2') ? 0.5 : 1) };
    const halved = classifyPortfolio(twelve, { lifetimeValue: perCustomerMargin }).customers.map((c) => c.potential);
    expect(halved.slice(6)).toEqual(halved.slice(0, 6).map((v) => v * 0.5));
  });

  it('no positive potential: the budget follows weight × customers, ties to the earlier quadrant', () => {
    const p = classifyPortfolio([customer('x', 1), customer('y', 2), customer('z', 3), customer('w', 4)], {
      potential: () => 0,
      budget: Money.of('100.01', 'EUR'),
    });
    expect(p.counts).toEqual({ star: 2, 'question-mark': 2, profit: 0, selection: 0 });
    expect(p.budget?.basis).toBe('customers');
    expect(p.budget?.byQuadrant.star.toString()).toBe('50.01 EUR');
    expect(p.budget?.byQuadrant['question-mark'].toString()).toBe('50.00 EUR');
    expect(p.shares.star.potentialShare).toBe(0);
  });

  it('invariants: counts add up, shares sum to 1, the budget sums exactly, quadrants follow the thresholds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (pairs, cents) => {
          const customers = pairs.map(([v], i) => customer(`c${i}`, v));
          const p = classifyPortfolio(customers, { potential: (_, i) => (pairs[i] as [number, number])[1], budget: Money.fromMinorUnits(cents, 'EUR') });
          const counts = Object.values(p.counts).reduce((a, b) => a + b, 0);
          expect(counts).toBe(customers.length);
          const valueShares = Object.values(p.shares).reduce((a, s) => a + s.valueShare, 0);
          if (pairs.some(([v]) => v > 0)) expect(valueShares).toBeCloseTo(1, 12);
          const budget = Object.values(p.budget?.byQuadrant ?? {}).reduce((a, m) => a + m.toMinorUnits(), 0n);
          expect(budget).toBe(BigInt(cents));
          for (const c of p.customers) {
            const highValue = c.value >= p.thresholds.value;
            const highPotential = c.potential >= p.thresholds.potential;
            expect(c.quadrant).toBe(highPotential ? (highValue ? 'star' : 'question-mark') : highValue ? 'profit' : 'selection');
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('bad input names the field', () => {
    expect(() => classifyPortfolio([], { potential: 'rfm' })).toThrow(expect.objectContaining({ code: 'INSUFFICIENT_DATA' }));
    expect(() => classifyPortfolio(SIX)).toThrow(/lifetimeValue: is needed by the potential measure 'clv'/);
    expect(() => classifyPortfolio(SIX, { value: 'margin', potential })).toThrow(/customers\[0\]\.totalMargin: is missing/);
    expect(() => classifyPortfolio(SIX, { potential: (s) => (s.customerId === 'c' ? Number.NaN : 1) })).toThrow(
      /customers\[2\]: the potential measure 'custom' gave NaN for customer c/,
    );
    expect(() => classifyPortfolio(SIX, { potential: 'expected-purchases', transactionModel: bgNbdModel({ r: 1, alpha: 1, a: 1, b: 1 }) })).toThrow(/horizon/);
    expect(() => classifyPortfolio(SIX, { potential, thresholds: { quantile: 1.5 } })).toThrow(/thresholds\.quantile/);
    expect(() => classifyPortfolio(SIX, { potential, thresholds: { potential: { absolute: Number.NaN } } })).toThrow(/thresholds\.potential\.absolute/);
    expect(() => classifyPortfolio(SIX, { potential, budget: { amount: '10.001', currency: 'EUR' } })).toThrow(expect.objectContaining({ code: 'PRECISION_EXCEEDED' }));
    expect(() => classifyPortfolio(SIX, { potential, budget: { amount: 10, currency: 'EUR' }, budgetWeights: { star: -1 } })).toThrow(/budgetWeights\.star/);
  });

  it('a single customer is a star (its own median)', () => {
    expect(classifyPortfolio([customer('solo', 5)], { potential: 'rfm' }).customers[0]?.quadrant).toBe('star');
  });
});

const PORTFOLIO_ORDER = ['star', 'question-mark', 'profit', 'selection'] as const;

describe('comparePortfolios', () => {
  it('transition matrix, moves, entries and exits worked out by hand', () => {
    const before = [
      { customerId: 'a', quadrant: 'question-mark' as const },
      { customerId: 'b', quadrant: 'star' as const },
      { customerId: 'c', quadrant: 'star' as const },
      { customerId: 'd', quadrant: 'selection' as const },
      { customerId: 'gone', quadrant: 'profit' as const },
    ];
    const after = [
      { customerId: 'new', quadrant: 'question-mark' as const },
      { customerId: 'c', quadrant: 'profit' as const },
      { customerId: 'a', quadrant: 'star' as const },
      { customerId: 'b', quadrant: 'star' as const },
      { customerId: 'd', quadrant: 'selection' as const },
    ];
    const c = comparePortfolios(before, { customers: after });
    expect(c.matrix).toEqual({
      star: { star: 1, 'question-mark': 0, profit: 1, selection: 0 },
      'question-mark': { star: 1, 'question-mark': 0, profit: 0, selection: 0 },
      profit: { star: 0, 'question-mark': 0, profit: 0, selection: 0 },
      selection: { star: 0, 'question-mark': 0, profit: 0, selection: 1 },
    });
    expect(c.moved).toEqual([
      { customerId: 'c', from: 'star', to: 'profit' },
      { customerId: 'a', from: 'question-mark', to: 'star' },
    ]);
    expect(c.stayed).toBe(2);
    expect(c.entered).toEqual([{ customerId: 'new', quadrant: 'question-mark' }]);
    expect(c.left).toEqual([{ customerId: 'gone', quadrant: 'profit' }]);
  });

  it('two classifications of the same customers: the matrix sums to the customer count', () => {
    const first = classifyPortfolio(SIX, { potential });
    const second = classifyPortfolio(SIX, { potential: (s) => -potential(s) });
    const c = comparePortfolios(first, second);
    let sum = 0;
    for (const row of Object.values(c.matrix)) for (const n of Object.values(row)) sum += n;
    expect(sum).toBe(6);
    expect(c.stayed + c.moved.length).toBe(6);
  });
});
