import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdModel,
  compressRfm,
  createSeededRandom,
  FidelisError,
  paretoNbdModel,
  simulateBgNbdSummaries,
  simulateParetoNbdSummaries,
  simulateTransactions,
} from '../../src/index.js';

describe('seeded random numbers', () => {
  it('same seed, same stream; different seeds, different streams', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws have the right means and variances (within 5 standard errors, 100,000 draws)', () => {
    const rng = createSeededRandom(7);
    const n = 100_000;
    const check = (draw: () => number, mean: number, variance: number): void => {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const v = draw();
        s += v;
        s2 += v * v;
      }
      const m = s / n;
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
      expect(Math.abs((s2 / n - m * m) / variance - 1)).toBeLessThan(0.04);
    };
    check(() => rng.uniform(), 0.5, 1 / 12);
    check(() => rng.exponential(2), 0.5, 0.25);
    check(() => rng.gamma(0.3, 2), 0.15, 0.075); // shape < 1 (boosted)
    check(() => rng.gamma(6.25, 0.5), 12.5, 25);
    check(() => rng.beta(0.8, 2.4), 0.25, (0.8 * 2.4) / (3.2 * 3.2 * 4.2));
    check(() => rng.normal(), 0, 1);
  });
});

describe('simulated summaries', () => {
  it('match the model: mean frequency = E[X(T)] and share of one-time buyers = P(X(T) = 0) (5 standard errors)', () => {
    const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const pareto = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const n = 50_000;
    for (const [customers, model] of [
      [simulateBgNbdSummaries({ params: bg, customers: n, T: 39, seed: 1 }), bgNbdModel(bg)],
      [simulateParetoNbdSummaries({ params: pareto, customers: n, T: 39, seed: 2 }), paretoNbdModel(pareto)],
    ] as const) {
      const mean = customers.reduce((s, c) => s + c.frequency, 0) / n;
      const variance = customers.reduce((s, c) => s + (c.frequency - mean) ** 2, 0) / n;
      expect(Math.abs(mean - model.expectedPurchasesNew(39))).toBeLessThan(5 * Math.sqrt(variance / n));
      const p0 = model.probabilityOfPurchases(0, 39);
      const share = customers.filter((c) => c.frequency === 0).length / n;
      expect(Math.abs(share - p0)).toBeLessThan(5 * Math.sqrt((p0 * (1 - p0)) / n));
    }
  });

  it('are consistent: 0 ≤ recency ≤ T, recency 0 without repeats, purchaseCount = frequency + 1, spend when asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const customers = simulateBgNbdSummaries({
          params: { r: 1, alpha: 2, a: 1, b: 3 },
          customers: 50,
          T: [5, 10, 20],
          seed,
          spend: { p: 3, q: 4, gamma: 20 },
        });
        return customers.every(
          (c) =>
            c.recency >= 0 &&
            c.recency <= c.T &&
            (c.frequency > 0 || c.recency === 0) &&
            c.purchaseCount === c.frequency + 1 &&
            c.totalValue > 0 &&
            (c.frequency === 0 ? c.monetaryValue === 0 : c.monetaryValue > 0),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('timeStep rounds recency to the grid (so tuples compress)', () => {
    const customers = simulateBgNbdSummaries({ params: { r: 1, alpha: 2, a: 1, b: 3 }, customers: 5000, T: 30, seed: 9, timeStep: 1 / 7 });
    expect(customers.every((c) => Math.abs(c.recency * 7 - Math.round(c.recency * 7)) < 1e-9)).toBe(true);
    expect(compressRfm(customers).weight.length).toBeLessThan(2000);
  });
});

describe('simulated transactions', () => {
  const options = {
    params: { r: 0.5, alpha: 2, a: 0.8, b: 2.5 },
    customers: 300,
    start: new Date('2024-01-01T00:00:00Z'),
    end: new Date('2024-12-31T00:00:00Z'),
    acquisitionEnd: new Date('2024-03-31T00:00:00Z'),
    seed: 5,
  };

  it('is deterministic, inside the period, and agrees with each customer’s truth', () => {
    const a = simulateTransactions(options);
    const b = simulateTransactions(options);
    expect(b).toEqual(a);
    const start = options.start.getTime();
    const end = options.end.getTime();
    for (const t of a.transactions) {
      expect(t.at.getTime()).toBeGreaterThanOrEqual(start);
      expect(t.at.getTime()).toBeLessThan(end);
      expect(t.amount).toBeGreaterThanOrEqual(0.01);
      expect(Math.round(t.amount * 100) / 100).toBe(t.amount);
    }
    expect(a.transactions.length).toBe(a.customers.reduce((s, c) => s + c.frequency + 1, 0));
    for (const c of a.customers) {
      const mine = a.transactions.filter((t) => t.customerId === c.customerId);
      expect(mine[0]?.at.getTime()).toBe(c.firstPurchase.getTime());
      expect(mine.every((t, i) => i === 0 || t.at.getTime() >= (mine[i - 1] as typeof t).at.getTime())).toBe(true);
      expect(c.firstPurchase.getTime()).toBeLessThan(options.acquisitionEnd.getTime());
      if (!c.alive) expect(c.frequency).toBeGreaterThan(0);
    }
  });

  it('rejects impossible options', () => {
    expect(() => simulateTransactions({ ...options, end: options.start })).toThrow(FidelisError);
    expect(() => simulateTransactions({ ...options, customers: -1 })).toThrow(/customers/);
    expect(() => simulateTransactions({ ...options, params: { ...options.params, b: 0 } })).toThrow(/b: must be/);
  });
});
